//! A workbook's container, checked before calamine reads it.
//!
//! calamine allocates by what a file claims: an XLS sheet's `DIMENSIONS`
//! record reserves rows × columns cells, every XLS sheet becomes a dense
//! grid over the cells it holds, an XLSX's shared-string table reserves its
//! `uniqueCount`, and a ZIP member is read as far as it unpacks. A hostile
//! file of a few KiB could ask for terabytes, and a failed allocation
//! aborts the process (no panic to contain). So the container is opened
//! here first (zip for XLSX, cfb for XLS) and the claims are bounded; the
//! same pass tells a ZIP or OLE file that holds no workbook, or an
//! encrypted one.

use super::super::ReadError;
use super::{too_large, MAX_CELLS};
use std::collections::HashMap;
use std::io::{Cursor, Read};

/// The most an XLSX may unpack to, all its members together.
pub const MAX_UNPACKED: u64 = 128 << 20;

/// What the ZIP holds if not a workbook (by a member's name).
const OTHER_ZIPS: [(&str, &str); 5] = [
    (
        "xl/workbook.bin",
        "an XLSB (binary) workbook: save it as XLSX",
    ),
    ("content.xml", "an OpenDocument file: save it as XLSX"),
    ("word/document.xml", "a Word document (DOCX)"),
    ("ppt/presentation.xml", "a PowerPoint presentation (PPTX)"),
    ("mimetype", "an OpenDocument file: save it as XLSX"),
];

/// Check an XLSX: a readable ZIP holding a workbook, unpacking to at most
/// [`MAX_UNPACKED`], with a shared-string count in bounds.
pub fn xlsx(bytes: &[u8]) -> Result<(), ReadError> {
    xlsx_within(bytes, MAX_UNPACKED)
}

/// [`xlsx`], with the bound on what it unpacks to given.
pub fn xlsx_within(bytes: &[u8], max_unpacked: u64) -> Result<(), ReadError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(zip_error)?;
    let names: Vec<String> = zip
        .file_names()
        .map(|n| n.map(|n| n.to_ascii_lowercase()))
        .collect::<Result<_, _>>()
        .map_err(zip_error)?;
    if !names.iter().any(|n| n.ends_with("workbook.xml")) {
        let found = OTHER_ZIPS
            .iter()
            .find(|(member, _)| names.iter().any(|n| n == member))
            .map_or("a ZIP archive that holds no workbook", |(_, what)| what);
        return Err(ReadError::NotA {
            expected: "XLSX",
            found: found.into(),
        });
    }
    let mut unpacked = 0u64;
    for i in 0..zip.len() {
        let mut member = zip.by_index(i).map_err(zip_error)?;
        let name = member.name().map_err(zip_error)?.into_owned();
        let left = max_unpacked - unpacked;
        if name.to_ascii_lowercase().ends_with("sharedstrings.xml") {
            // Read through the start tag, then on to the end like any member.
            let mut head = (&mut member).take(left + 1);
            let (count, read) = unique_count(&mut head);
            if count.is_some_and(|n| n > MAX_CELLS as u64) {
                return Err(too_large(&format!(
                    "its shared-string table claims {} strings",
                    count.unwrap_or_default()
                )));
            }
            unpacked += read;
        }
        let left = max_unpacked - unpacked.min(max_unpacked);
        let n = std::io::copy(&mut (&mut member).take(left + 1), &mut std::io::sink())
            .map_err(|e| corrupt(&format!("{name}: {e}")))?;
        unpacked += n;
        if unpacked > max_unpacked {
            return Err(too_large(&format!(
                "it unpacks to more than {} MiB (a ZIP bomb?)",
                max_unpacked >> 20
            )));
        }
    }
    Ok(())
}

/// The `uniqueCount` of a shared-string table's `<sst>` start tag, and how
/// many bytes were read to find it. Read as calamine reads it (the
/// attribute's digits), so that what it would reserve is what is checked.
fn unique_count(r: &mut impl Read) -> (Option<u64>, u64) {
    use quick_xml::events::Event;
    let mut counted = CountingReader { inner: r, read: 0 };
    let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(&mut counted));
    let mut buf = Vec::new();
    let count = loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "sst" => {
                let attr = e
                    .attributes()
                    .flatten()
                    .find(|a| a.key.local_name().as_ref() == "uniqueCount");
                // Digits only, as calamine parses it; too many digits for
                // a u64 is past any bound.
                break attr
                    .map(|a| a.value)
                    .filter(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
                    .map(|v| v.parse().unwrap_or(u64::MAX));
            }
            Ok(Event::Eof) | Err(_) => break None,
            Ok(_) => {}
        }
    };
    drop(xml);
    (count, counted.read)
}

/// A reader that counts what passes through it.
struct CountingReader<'a, R> {
    inner: &'a mut R,
    read: u64,
}

impl<R: Read> Read for CountingReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        Ok(n)
    }
}

fn zip_error(e: zip::result::ZipError) -> ReadError {
    match e {
        zip::result::ZipError::UnsupportedArchive(m) if m.contains("assword") => {
            ReadError::Encrypted
        }
        e => corrupt(&format!("not a readable ZIP archive: {e}")),
    }
}

fn corrupt(detail: &str) -> ReadError {
    ReadError::Corrupt {
        detail: crate::text::shorten(detail),
    }
}

/// The most cells an XLS sheet can hold (65,536 rows × 256 columns): a
/// `DIMENSIONS` record claiming more is refused.
const XLS_SHEET_CELLS: u64 = 65_536 * 256;

/// The most sheets, and bytes walked over all of them, before a workbook
/// is refused (calamine walks each sheet's records from where the sheet
/// list says it starts, and many entries can say the same place).
const MAX_SHEETS: usize = 4096;

/// The decimals each figure's number format shows in an XLS (calamine
/// does not tell them), by sheet in the workbook's order, then by cell
/// (row, column); figures showing none are left out.
pub type Shown = Vec<HashMap<(u32, u32), u8>>;

/// Check an XLS: an OLE compound file holding a BIFF workbook stream, not
/// encrypted, whose sheets' claims and cells are in bounds; and read the
/// decimals its figures show.
pub fn xls(bytes: &[u8]) -> Result<Shown, ReadError> {
    let ole = |e: std::io::Error| corrupt(&format!("not a readable OLE compound file: {e}"));
    let mut cf = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(ole)?;
    if cf.is_stream("EncryptedPackage") || cf.is_stream("EncryptionInfo") {
        // An encrypted XLSX (or any Office file) is an OLE file with these.
        return Err(ReadError::Encrypted);
    }
    let Some(name) = ["Workbook", "Book"].into_iter().find(|n| cf.is_stream(n)) else {
        let found = if cf.is_stream("WordDocument") {
            "a Word document (DOC)"
        } else if cf.is_stream("PowerPoint Document") {
            "a PowerPoint presentation (PPT)"
        } else {
            "an OLE compound file that holds no workbook"
        };
        return Err(ReadError::NotA {
            expected: "XLS",
            found: found.into(),
        });
    };
    let mut stream = Vec::new();
    cf.open_stream(name)
        .and_then(|s| s.take(bytes.len() as u64).read_to_end(&mut stream))
        .map_err(ole)?;
    biff(&stream)
}

/// One BIFF record: its type and data (`Err` where the stream is cut
/// short, as calamine's record reader stops there too).
fn records(mut stream: &[u8]) -> impl Iterator<Item = Result<(u16, &[u8]), ()>> {
    std::iter::from_fn(move || {
        if stream.is_empty() {
            return None;
        }
        if stream.len() < 4 {
            stream = &[];
            return Some(Err(()));
        }
        let typ = u16::from_le_bytes([stream[0], stream[1]]);
        let len = usize::from(u16::from_le_bytes([stream[2], stream[3]]));
        if stream.len() < 4 + len {
            stream = &[];
            return Some(Err(()));
        }
        let data = &stream[4..4 + len];
        stream = &stream[4 + len..];
        Some(Ok((typ, data)))
    })
}

fn u16_at(d: &[u8], at: usize) -> u32 {
    d.get(at..at + 2)
        .map_or(0, |b| u32::from(u16::from_le_bytes([b[0], b[1]])))
}

fn u32_at(d: &[u8], at: usize) -> u32 {
    d.get(at..at + 4)
        .map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// Walk the workbook stream as calamine does: the globals (encryption,
/// the sheet list, the number formats), then each sheet's records,
/// bounding the cells each sheet's grid will span and the cells a
/// `DIMENSIONS` record reserves.
fn biff(stream: &[u8]) -> Result<Shown, ReadError> {
    let mut sheets = Vec::new();
    let (mut formats, mut xfs) = (HashMap::new(), Vec::new());
    for rec in records(stream) {
        let Ok((typ, d)) = rec else { break };
        match typ {
            0x002F if d.len() >= 2 && u16_at(d, 0) != 0 => return Err(ReadError::Encrypted),
            0x0085 if d.len() >= 4 => sheets.push(u32_at(d, 0) as usize),
            0x041E if d.len() >= 5 => {
                formats.insert(u16_at(d, 0), super::value::decimals(&format_code(d)));
            }
            0x00E0 if d.len() >= 4 => xfs.push(u16_at(d, 2)),
            0x000A => break,
            _ => {}
        }
    }
    // Each XF's decimals, through its format (a built-in one by number).
    let xf: Vec<u8> = xfs
        .iter()
        .map(|f| match formats.get(f) {
            Some(n) => *n,
            None if matches!(f, 2 | 4 | 7 | 8 | 39 | 40 | 43 | 44) => 2,
            None => 0,
        })
        .collect();
    let mut shown = Vec::with_capacity(sheets.len());
    if sheets.len() > MAX_SHEETS {
        return Err(too_large(&format!("it lists {} sheets", sheets.len())));
    }
    let mut cells = 0u64;
    let mut walked = 0u64;
    for (i, pos) in sheets.into_iter().enumerate() {
        let Some(sheet) = stream.get(pos..) else {
            shown.push(HashMap::new());
            continue;
        };
        let walk = sheet_extent(sheet, i + 1, &xf)?;
        cells += walk.area;
        walked += walk.walked;
        shown.push(walk.shown);
        if cells > MAX_CELLS as u64 {
            return Err(too_large(&format!(
                "its sheets span more than {MAX_CELLS} cells"
            )));
        }
        if walked > 64 * stream.len() as u64 + (64 << 20) {
            return Err(too_large("its sheets' records overlap"));
        }
    }
    Ok(shown)
}

/// A BIFF8 `FORMAT` record's code: after its number, a string of `cch`
/// characters, UTF-16 or one byte each by its flag.
fn format_code(d: &[u8]) -> String {
    let cch = u16_at(d, 2) as usize;
    let body = d.get(5..).unwrap_or_default();
    if d[4] & 1 == 1 {
        let units: Vec<u16> = body
            .chunks_exact(2)
            .take(cch)
            .map(|b| u16::from_le_bytes([b[0], b[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        body.iter().take(cch).map(|&b| char::from(b)).collect()
    }
}

/// What walking one sheet's records found.
struct SheetWalk {
    /// The cells the bounding boxes of its cells and formulas cover.
    area: u64,
    /// The bytes walked.
    walked: u64,
    /// The decimals its figures show.
    shown: HashMap<(u32, u32), u8>,
}

/// Walk one sheet's records (see [`SheetWalk`]); an error for a
/// `DIMENSIONS` record claiming more than an XLS sheet can hold.
fn sheet_extent(sheet: &[u8], index: usize, xf: &[u8]) -> Result<SheetWalk, ReadError> {
    let (mut cells, mut formulas) = (Extent::default(), Extent::default());
    let mut shown = HashMap::new();
    let mut show = |at: (u32, u32), ixfe: u32| {
        if let Some(&n) = xf.get(ixfe as usize).filter(|n| **n > 0) {
            shown.insert(at, n);
        }
    };
    let mut formula_at = (0, 0);
    let (mut depth, mut seen_bof, mut walked) = (0usize, false, 0u64);
    for rec in records(sheet) {
        let Ok((typ, d)) = rec else { break };
        walked += 4 + d.len() as u64;
        if depth > 0 {
            match typ {
                0x0809 => depth += 1,
                0x000A => depth -= 1,
                _ => {}
            }
            continue;
        }
        let at = (u16_at(d, 0), u16_at(d, 2));
        match typ {
            0x0809 if seen_bof => depth += 1,
            0x0809 => seen_bof = true,
            0x0200 => dimensions(d, index)?,
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD if d.len() >= 4 => {
                cells.add(at);
                if matches!(typ, 0x0203 | 0x027E) {
                    show(at, u16_at(d, 4));
                }
            }
            0x0207 => cells.add(formula_at),
            0x00BD if d.len() >= 6 => {
                let last = u16_at(d, d.len() - 2);
                if last >= at.1 {
                    cells.add(at);
                    cells.add((at.0, last));
                    for (k, col) in (at.1..=last).enumerate() {
                        show((at.0, col), u16_at(d, 4 + 6 * k));
                    }
                }
            }
            0x0006 if d.len() >= 20 => {
                formula_at = at;
                cells.add(at);
                formulas.add(at);
                show(at, u16_at(d, 4));
            }
            0x000A => break,
            _ => {}
        }
    }
    Ok(SheetWalk {
        area: cells.area() + formulas.area(),
        walked,
        shown,
    })
}

/// A `DIMENSIONS` record's claim, computed as calamine computes the cells
/// it reserves (with its wrapping arithmetic), refused past a sheet's size.
fn dimensions(d: &[u8], index: usize) -> Result<(), ReadError> {
    let (rf, rl, mut cf, cl) = match d.len() {
        10 => (u16_at(d, 0), u16_at(d, 2), u16_at(d, 4), u16_at(d, 6)),
        14 | 16 => (u32_at(d, 0), u32_at(d, 4), u16_at(d, 8), u16_at(d, 10)),
        _ => return Ok(()),
    };
    if cf > 0xFF || cl < cf {
        cf = 0;
    }
    let (start, end) = if rl >= 1 && cl >= 1 {
        ((rf, cf), (rl - 1, cl - 1))
    } else {
        ((rf, cf), (rf, cf))
    };
    let rows = u64::from(end.0.wrapping_sub(start.0).wrapping_add(1));
    let cols = u64::from(end.1.wrapping_sub(start.1).wrapping_add(1));
    if rows.saturating_mul(cols) > XLS_SHEET_CELLS {
        return Err(too_large(&format!(
            "sheet {index} claims {rows} rows × {cols} columns, more than an XLS sheet holds"
        )));
    }
    Ok(())
}

/// The bounding box of some cells.
#[derive(Default)]
struct Extent {
    rows: Option<(u32, u32)>,
    cols: Option<(u32, u32)>,
}

impl Extent {
    fn add(&mut self, (r, c): (u32, u32)) {
        let widen = |b: Option<(u32, u32)>, v: u32| {
            Some(b.map_or((v, v), |(lo, hi)| (lo.min(v), hi.max(v))))
        };
        self.rows = widen(self.rows, r);
        self.cols = widen(self.cols, c);
    }

    fn area(&self) -> u64 {
        match (self.rows, self.cols) {
            (Some((r0, r1)), Some((c0, c1))) => u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1),
            _ => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut r = typ.to_le_bytes().to_vec();
        r.extend(u16::try_from(data.len()).unwrap().to_le_bytes());
        r.extend(data);
        r
    }

    /// A workbook stream: globals listing one sheet, then the sheet.
    fn workbook(sheet: &[Vec<u8>]) -> Vec<u8> {
        let globals_len = 8 + 12 + 4;
        let mut s = record(0x0809, &[0; 4]);
        let mut bound = u32::try_from(globals_len).unwrap().to_le_bytes().to_vec();
        bound.extend([0, 0, 1, b'S']);
        s.extend(record(0x0085, &bound));
        s.extend(record(0x000A, &[]));
        assert_eq!(s.len(), globals_len);
        s.extend(record(0x0809, &[0; 4]));
        for r in sheet {
            s.extend(r);
        }
        s.extend(record(0x000A, &[]));
        s
    }

    fn dims(rf: u32, rl: u32, cf: u16, cl: u16) -> Vec<u8> {
        let mut d = rf.to_le_bytes().to_vec();
        d.extend(rl.to_le_bytes());
        d.extend(cf.to_le_bytes());
        d.extend(cl.to_le_bytes());
        d.extend([0, 0]);
        record(0x0200, &d)
    }

    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut d = row.to_le_bytes().to_vec();
        d.extend(col.to_le_bytes());
        d.extend([0; 10]);
        record(0x0203, &d)
    }

    #[test]
    fn a_sheet_of_ordinary_size_passes() {
        let s = workbook(&[dims(0, 40, 0, 8), number(0, 0), number(39, 7)]);
        assert!(biff(&s).is_ok());
    }

    #[test]
    fn a_claim_past_an_xls_sheet_is_refused() {
        // A million rows × 16k columns; and a reversed range that wraps.
        for d in [dims(0, 1_048_576, 0, 16_384), dims(10, 5, 0, 4)] {
            let e = biff(&workbook(&[d])).unwrap_err();
            assert!(e.to_string().contains("claims"), "{e}");
        }
    }

    #[test]
    fn cells_far_apart_are_refused() {
        let s = workbook(&[number(0, 0), number(65_535, 255)]);
        let e = biff(&s).unwrap_err();
        assert!(e.to_string().contains("cells"), "{e}");
    }

    #[test]
    fn a_password_is_told() {
        let mut s = record(0x0809, &[0; 4]);
        s.extend(record(0x002F, &[1, 0, 0, 0]));
        assert_eq!(biff(&s).unwrap_err(), ReadError::Encrypted);
    }
}

fn main() {
    let p = std::env::args().nth(1).unwrap();
    let b = std::fs::read(&p).unwrap();
    match yusuan::read::read(&b, &|_, _| {}) {
        Ok(d) => print!("{}", d.text),
        Err(e) => eprintln!("error: {e}"),
    }
}

fn main() {
    let path = std::env::args().nth(1).expect("path");
    let text = std::fs::read_to_string(&path).unwrap();
    let (d, w) = yusuan::import::import(&text, "x").unwrap();
    for x in &w { eprintln!("{x}"); }
    println!("{}", ron::ser::to_string_pretty(&d, ron::ser::PrettyConfig::default()).unwrap());
}

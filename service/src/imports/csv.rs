//! A small RFC 4180 reader that keeps the line number each row starts on
//! (a quoted cell may span lines), so every message can name its line.

/// One row of cells and the 1-based line it starts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Row {
    pub line: usize,
    pub cells: Vec<String>,
}

impl Row {
    /// Every cell is empty (a blank line).
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }
}

/// Splits `text` into rows of cells separated by `delimiter`. A quote inside
/// a quoted cell is written twice. A quote left open at the end of the file
/// is an error naming the line it opened on.
pub(crate) fn read(text: &str, delimiter: char) -> Result<Vec<Row>, (usize, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rows = Vec::new();
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut line = 1;
    let mut row_line = 1;
    let mut quoted = false;
    let mut quote_line = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    cell.push('\n');
                }
                _ => cell.push(c),
            }
            continue;
        }
        match c {
            '"' if cell.is_empty() => {
                quoted = true;
                quote_line = line;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                cells.push(std::mem::take(&mut cell));
                rows.push(Row {
                    line: row_line,
                    cells: std::mem::take(&mut cells),
                });
                line += 1;
                row_line = line;
            }
            c if c == delimiter => cells.push(std::mem::take(&mut cell)),
            _ => cell.push(c),
        }
    }
    if quoted {
        return Err((
            quote_line,
            "A quoted cell is never closed: add the closing \".".into(),
        ));
    }
    if !cell.is_empty() || !cells.is_empty() {
        cells.push(cell);
        rows.push(Row {
            line: row_line,
            cells,
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_quotes_and_keeps_line_numbers() {
        let rows = read("a,b\r\n\"x, \"\"y\"\"\",2\n\n\"multi\nline\",3\nlast,4", ',').unwrap();
        assert_eq!(rows[0].cells, vec!["a", "b"]);
        assert_eq!(rows[1].cells, vec!["x, \"y\"", "2"]);
        assert_eq!(rows[1].line, 2);
        assert!(rows[2].is_blank());
        assert_eq!(rows[3].line, 4);
        assert_eq!(rows[3].cells, vec!["multi\nline", "3"]);
        assert_eq!(rows[4].line, 6);
        assert_eq!(rows[4].cells, vec!["last", "4"]);
    }

    #[test]
    fn an_open_quote_names_its_line() {
        assert_eq!(read("a\n\"b,c\n", ',').unwrap_err().0, 2);
    }

    #[test]
    fn reads_semicolons() {
        assert_eq!(read("1;2,5", ';').unwrap()[0].cells, vec!["1", "2,5"]);
    }
}

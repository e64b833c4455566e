//! Standard output for commands: buffered, with a closed pipe treated as a
//! normal end (`mailgraph ... | head` exits 0 without a message).

use std::io::{BufWriter, Stdout, Write};

use crate::error::{Error, Result};

pub struct Output {
    writer: BufWriter<Stdout>,
}

impl Output {
    pub fn stdout() -> Output {
        Output {
            writer: BufWriter::new(std::io::stdout()),
        }
    }

    pub fn write_str(&mut self, text: &str) -> Result<()> {
        self.write_bytes(text.as_bytes())
    }

    pub fn write_bytes(&mut self, bytes: &[u8]) -> Result<()> {
        self.writer.write_all(bytes).map_err(Error::stdout)
    }

    pub fn finish(mut self) -> Result<()> {
        self.writer.flush().map_err(Error::stdout)
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.writer.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.writer.flush()
    }
}

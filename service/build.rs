fn main() {
    // Release builds carry the templates inside the binary; debug builds read
    // them from disk so edits show without a rebuild.
    minijinja_embed::embed_templates!("../templates", &[".html", ".txt", ".xml"]);
}

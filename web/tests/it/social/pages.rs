//! Social pages render (full page and htmx partial) for a signed-in person.

"""Renderers: letters (Jinja2 templates to text, Markdown, HTML, PDF, e-mail) and other outputs."""

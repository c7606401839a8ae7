"""One statement, many reports: the quotes of one speaker's words across articles, grouped as they are stored."""

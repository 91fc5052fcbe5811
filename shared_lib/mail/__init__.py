"""RFC 822 letters: the parsed form and the parser."""

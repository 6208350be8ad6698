package io.eventcheckpoint.format;

/**
 * Lays out a string the way Go's yaml.v2 2.4.0 emitter does, inside a block mapping of a block
 * sequence (the place of {@code name} and {@code bookmark}): plain where it may, single quotes
 * where plain is not allowed, {@code |} blocks for strings with a line feed, double quotes when
 * nothing else can hold the string, and lines folded past column 80. Ported from yaml.v2's
 * {@code emitterc.go} ({@code analyze_scalar}, {@code select_scalar_style}, the four
 * {@code write_*_scalar} functions and {@code write_indent}), with its column and indentation
 * state, so a file Go wrote comes back byte for byte. It works on code points, as the emitter's
 * column counts characters.
 */
final class GoScalarWriter {

	private static final int BEST_WIDTH = 80;

	/** Where continuation lines of a mapping value start (yaml.v2 indents by 2, twice). */
	static final int VALUE_INDENT = 4;

	private final StringBuilder out;

	private int column;

	private boolean whitespace = true;

	private boolean indention = true;

	GoScalarWriter(StringBuilder out) {
		this.out = out;
	}

	/** Empty the output and stand at column 0 of a new line, as for the first key of a document. */
	void startLine() {
		this.out.setLength(0);
		this.column = 0;
		this.whitespace = true;
		this.indention = true;
	}

	/** Start a line at {@code indent} unless the emitter already stands there (its write_indent). */
	void indent(int indent) {
		if (!this.indention || this.column > indent || (this.column == indent && !this.whitespace)) {
			this.out.append('\n');
			this.column = 0;
		}
		while (this.column < indent) {
			this.out.append(' ');
			this.column++;
		}
		this.whitespace = true;
		this.indention = true;
	}

	/** Write ASCII text that needs no quoting: a key with its colon, a number, a time. */
	void ascii(CharSequence text, boolean isIndention) {
		if (!this.whitespace) {
			this.out.append(' ');
			this.column++;
		}
		this.out.append(text);
		this.column += text.length();
		this.whitespace = false;
		this.indention = this.indention && isIndention;
	}

	/** Write an indicator such as {@code -} or {@code :} right after what stands there. */
	void indicator(char indicator, boolean needWhitespace, boolean isIndention) {
		if (needWhitespace && !this.whitespace) {
			this.out.append(' ');
			this.column++;
		}
		this.out.append(indicator);
		this.column++;
		this.whitespace = false;
		this.indention = this.indention && isIndention;
	}

	/** Write a string value in the style yaml.v2 chooses for it. */
	void string(String value) {
		if (isWrittenPlainAsIs(value)) {
			// The common case, decided without the full analysis: plain, and nothing to fold.
			ascii(value, false);
			return;
		}
		int[] cps = value.codePoints().toArray();
		Analysis analysis = Analysis.of(cps);
		boolean literal = value.indexOf('\n') >= 0;
		int style;
		if (value.indexOf('\u2028') >= 0 || value.indexOf('\u2029') >= 0) {
			// Deliberately not yaml.v2's choice: it writes these raw, reads them as line breaks
			// and escapes them as \L and \P, which YAML 1.2 readers do not know. Escaped as \\u,
			// both Go and the general path read the string back unchanged.
			style = '"';
		}
		else if (literal) {
			style = analysis.blockAllowed ? 'l' : '"';
		}
		else if (GoPlainResolver.canUsePlain(value)) {
			style = analysis.blockPlainAllowed ? 'p' : analysis.singleQuotedAllowed ? '\'' : '"';
		}
		else {
			style = '"';
		}
		switch (style) {
			case 'p' -> plain(cps);
			case '\'' -> singleQuoted(cps);
			case 'l' -> literal(cps);
			default -> doubleQuoted(cps);
		}
	}

	/**
	 * Whether the value is, without the full analysis, written plain and never folded: it then
	 * stands in the file as it is, whatever the column.
	 * @param value the value
	 * @return whether it is surely written as it is
	 */
	static boolean isWrittenPlainAsIs(String value) {
		return YamlScalars.isPlain(value) && (value.length() <= 48 || value.indexOf(' ') < 0);
	}

	/**
	 * Whether yaml.v2 writes the value plain on one line: the fast reader takes exactly those plain
	 * scalars as they stand.
	 * @param value the value
	 * @return whether it is written plain and unfolded
	 */
	static boolean isWrittenPlain(String value) {
		if (YamlScalars.isPlain(value)) {
			return true;
		}
		if (value.indexOf('\n') >= 0 || value.indexOf('\u2028') >= 0 || value.indexOf('\u2029') >= 0
				|| (value.indexOf(' ') >= 0 && value.length() > 48) || !GoPlainResolver.canUsePlain(value)) {
			return false;
		}
		return Analysis.of(value.codePoints().toArray()).blockPlainAllowed;
	}

	private void put(char c) {
		this.out.append(c);
		this.column++;
	}

	private void write(int cp) {
		this.out.appendCodePoint(cp);
		this.column++;
	}

	private void breakLine(int cp) {
		if (cp == '\n') {
			this.out.append('\n');
		}
		else {
			this.out.appendCodePoint(cp);
		}
		this.column = 0;
	}

	private void plain(int[] cps) {
		if (!this.whitespace) {
			put(' ');
		}
		boolean spaces = false;
		for (int i = 0; i < cps.length; i++) {
			int cp = cps[i];
			if (cp == ' ') {
				if (!spaces && this.column > BEST_WIDTH && !(i + 1 < cps.length && cps[i + 1] == ' ')) {
					indent(VALUE_INDENT);
				}
				else {
					write(cp);
				}
				spaces = true;
			}
			else {
				write(cp);
				this.indention = false;
				spaces = false;
			}
		}
		this.whitespace = false;
		this.indention = false;
	}

	private void singleQuoted(int[] cps) {
		indicator('\'', true, false);
		boolean spaces = false;
		boolean breaks = false;
		for (int i = 0; i < cps.length; i++) {
			int cp = cps[i];
			if (cp == ' ') {
				if (!spaces && this.column > BEST_WIDTH && i > 0 && i < cps.length - 1 && cps[i + 1] != ' ') {
					indent(VALUE_INDENT);
				}
				else {
					write(cp);
				}
				spaces = true;
			}
			else if (Analysis.isBreak(cp)) {
				if (!breaks && cp == '\n') {
					this.out.append('\n');
					this.column = 0;
				}
				breakLine(cp);
				this.indention = true;
				breaks = true;
			}
			else {
				if (breaks) {
					indent(VALUE_INDENT);
				}
				if (cp == '\'') {
					put('\'');
				}
				write(cp);
				this.indention = false;
				spaces = false;
				breaks = false;
			}
		}
		indicator('\'', false, false);
	}

	private void doubleQuoted(int[] cps) {
		indicator('"', true, false);
		boolean bom = cps.length > 0 && cps[0] == 0xFEFF;
		boolean spaces = false;
		for (int i = 0; i < cps.length; i++) {
			int cp = cps[i];
			if (!Analysis.isPrintable(cp) || bom || Analysis.isBreak(cp) || cp == '"' || cp == '\\') {
				escape(cp);
				spaces = false;
			}
			else if (cp == ' ') {
				if (!spaces && this.column > BEST_WIDTH && i > 0 && i < cps.length - 1) {
					indent(VALUE_INDENT);
					if (cps[i + 1] == ' ') {
						put('\\');
					}
				}
				else {
					write(cp);
				}
				spaces = true;
			}
			else {
				write(cp);
				spaces = false;
			}
		}
		indicator('"', false, false);
	}

	private void escape(int cp) {
		put('\\');
		switch (cp) {
			case 0x00 -> put('0');
			case 0x07 -> put('a');
			case 0x08 -> put('b');
			case 0x09 -> put('t');
			case 0x0A -> put('n');
			case 0x0B -> put('v');
			case 0x0C -> put('f');
			case 0x0D -> put('r');
			case 0x1B -> put('e');
			case '"' -> put('"');
			case '\\' -> put('\\');
			case 0x85 -> put('N');
			case 0xA0 -> put('_');
			default -> {
				int width = (cp <= 0xFF) ? 2 : (cp <= 0xFFFF) ? 4 : 8;
				put((width == 2) ? 'x' : (width == 4) ? 'u' : 'U');
				for (int shift = (width - 1) * 4; shift >= 0; shift -= 4) {
					put(Character.toUpperCase(Character.forDigit((cp >> shift) & 0xF, 16)));
				}
			}
		}
	}

	private void literal(int[] cps) {
		indicator('|', true, false);
		if (cps[0] == ' ' || Analysis.isBreak(cps[0])) {
			put((char) ('0' + 2));
		}
		int last = cps.length - 1;
		if (!Analysis.isBreak(cps[last])) {
			put('-');
		}
		else if (last == 0 || Analysis.isBreak(cps[last - 1])) {
			put('+');
		}
		this.out.append('\n');
		this.column = 0;
		this.indention = true;
		this.whitespace = true;
		boolean breaks = true;
		for (int cp : cps) {
			if (Analysis.isBreak(cp)) {
				breakLine(cp);
				this.indention = true;
				breaks = true;
			}
			else {
				if (breaks) {
					indent(VALUE_INDENT);
				}
				write(cp);
				this.indention = false;
				breaks = false;
			}
		}
	}

}

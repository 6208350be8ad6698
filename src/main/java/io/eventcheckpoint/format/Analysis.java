package io.eventcheckpoint.format;

/**
 * What yaml.v2's {@code yaml_emitter_analyze_scalar} learns about a string: which styles may hold
 * it. Only the block context matters here (the file has no flow collections and no complex keys).
 */
final class Analysis {

	final boolean blockPlainAllowed;

	final boolean singleQuotedAllowed;

	final boolean blockAllowed;

	private Analysis(boolean blockPlainAllowed, boolean singleQuotedAllowed, boolean blockAllowed) {
		this.blockPlainAllowed = blockPlainAllowed;
		this.singleQuotedAllowed = singleQuotedAllowed;
		this.blockAllowed = blockAllowed;
	}

	static Analysis of(int[] value) {
		if (value.length == 0) {
			return new Analysis(true, true, false);
		}
		boolean blockIndicators = false;
		boolean lineBreaks = false;
		boolean special = false;
		boolean leadingSpace = false;
		boolean leadingBreak = false;
		boolean trailingSpace = false;
		boolean trailingBreak = false;
		boolean breakSpace = false;
		boolean spaceBreak = false;
		boolean previousSpace = false;
		boolean previousBreak = false;
		if (value.length >= 3 && ((value[0] == '-' && value[1] == '-' && value[2] == '-')
				|| (value[0] == '.' && value[1] == '.' && value[2] == '.'))) {
			blockIndicators = true;
		}
		boolean precededByWhitespace = true;
		for (int i = 0; i < value.length; i++) {
			int c = value[i];
			boolean followedByWhitespace = i + 1 >= value.length || isBlank(value[i + 1]);
			if (i == 0) {
				switch (c) {
					case '#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`' ->
						blockIndicators = true;
					case '?', ':', '-' -> blockIndicators |= followedByWhitespace;
					default -> {
					}
				}
			}
			else if (c == ':') {
				blockIndicators |= followedByWhitespace;
			}
			else if (c == '#') {
				blockIndicators |= precededByWhitespace;
			}
			if (!isPrintable(c)) {
				special = true;
			}
			if (c == ' ') {
				leadingSpace |= i == 0;
				trailingSpace |= i == value.length - 1;
				breakSpace |= previousBreak;
				previousSpace = true;
				previousBreak = false;
			}
			else if (isBreak(c)) {
				lineBreaks = true;
				leadingBreak |= i == 0;
				trailingBreak |= i == value.length - 1;
				spaceBreak |= previousSpace;
				previousSpace = false;
				previousBreak = true;
			}
			else {
				previousSpace = false;
				previousBreak = false;
			}
			precededByWhitespace = isBlank(c) || isBreak(c) || c == 0;
		}
		boolean plain = !(leadingSpace || leadingBreak || trailingSpace || trailingBreak || breakSpace || spaceBreak
				|| special || lineBreaks || blockIndicators);
		boolean single = !(breakSpace || spaceBreak || special);
		boolean block = !(trailingSpace || spaceBreak || special);
		return new Analysis(plain, single, block);
	}

	/** libyaml's {@code is_printable}, on code points; lone surrogates are not. */
	static boolean isPrintable(int c) {
		return c == 0x0A || (c >= 0x20 && c <= 0x7E) || (c >= 0xA0 && c <= 0xD7FF)
				|| (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF);
	}

	static boolean isBreak(int c) {
		return c == '\r' || c == '\n' || c == 0x85 || c == 0x2028 || c == 0x2029;
	}

	private static boolean isBlank(int c) {
		return c == ' ' || c == '\t';
	}

}

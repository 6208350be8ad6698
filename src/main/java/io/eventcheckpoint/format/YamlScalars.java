package io.eventcheckpoint.format;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * The scalar core both readers and the writer share: unsigned 64-bit numbers, the conservative
 * plain-string rule of the fast path, and the error both byte-level parsers throw.
 */
final class YamlScalars {

	/** Thrown, without a stack trace, as soon as bytes leave the expected layout. */
	static final Malformed MALFORMED = new Malformed();

	private static final Set<String> RESERVED = Set.of("y", "yes", "n", "no", "true", "false", "on", "off", "null");

	private YamlScalars() {
	}

	/**
	 * Parse unsigned decimal digits into the unsigned 64-bit range.
	 * @param in ASCII bytes
	 * @param start the first digit
	 * @param end one past the last digit
	 * @param leadingZeros whether {@code 007} is accepted (the general path does, the fast path
	 * leaves it to the general one)
	 * @return the value as a (possibly negative) {@code long} holding the unsigned bits
	 * @throws Malformed if it is not a number from 0 to 18446744073709551615
	 */
	static long parseUnsigned(byte[] in, int start, int end, boolean leadingZeros) throws Malformed {
		int length = end - start;
		if (length < 1 || (!leadingZeros && length > 1 && in[start] == '0')) {
			throw MALFORMED;
		}
		long value = 0;
		int significant = 0;
		for (int i = start; i < end; i++) {
			int digit = in[i] - '0';
			if (digit < 0 || digit > 9) {
				throw MALFORMED;
			}
			if (significant > 0 || digit != 0) {
				significant++;
			}
			if (significant == 20) {
				// Only a twentieth digit can pass 2^64-1.
				if (Long.compareUnsigned(value, 1844674407370955161L) > 0
						|| (value == 1844674407370955161L && digit > 5)) {
					throw MALFORMED;
				}
			}
			else if (significant > 20) {
				throw MALFORMED;
			}
			value = value * 10 + digit;
		}
		return value;
	}

	/** The text's bytes if it is all ASCII, else {@code null}. */
	static byte[] asciiOrNull(String text) {
		for (int i = 0; i < text.length(); i++) {
			if (text.charAt(i) >= 0x80) {
				return null;
			}
		}
		return text.getBytes(StandardCharsets.ISO_8859_1);
	}

	/**
	 * Whether a value is surely a plain string in Go's yaml.v2 and in YAML 1.2 alike, and yaml.v2
	 * writes it plain: conservative, so the fast reader may take such a plain scalar as it stands.
	 * The rule was the pattern {@code [A-Za-z_][A-Za-z0-9_./()-]*(?: [A-Za-z0-9_./()-]+)*} (plus
	 * letters and digits beyond ASCII), minus YAML 1.1's booleans and null; it is spelled out by
	 * hand because the pattern cost a tenth of a flush.
	 * @param value the value
	 * @return whether it may be written and read plain
	 */
	static boolean isPlain(CharSequence value) {
		int length = value.length();
		if (length == 0) {
			return false;
		}
		char first = value.charAt(0);
		if (!((first >= 'A' && first <= 'Z') || (first >= 'a' && first <= 'z') || first == '_'
				|| isNonAsciiLetterOrDigit(first))) {
			return false;
		}
		for (int i = 1; i < length; i++) {
			char c = value.charAt(i);
			if (c == ' ') {
				// Single spaces between words only: never two in a row, never at the end.
				if (i + 1 == length || value.charAt(i + 1) == ' ') {
					return false;
				}
			}
			else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
					|| c == '.' || c == '/' || c == '(' || c == ')' || c == '-' || isNonAsciiLetterOrDigit(c))) {
				return false;
			}
		}
		return length > 5 || !RESERVED.contains(value.toString().toLowerCase(Locale.ROOT));
	}

	/**
	 * Letters and digits beyond ASCII (Japanese, accented Latin, ...) are plain in YAML, and Go's
	 * yaml.v2 (which emits Unicode) writes them unquoted. Surrogates (emoji) and other symbols are
	 * left to the exact rule of {@link GoScalarWriter}.
	 */
	private static boolean isNonAsciiLetterOrDigit(char c) {
		return c >= 0x80 && !Character.isSurrogate(c) && Character.isLetterOrDigit(c);
	}

	/** A parse error of the byte-level parsers; a singleton, so declining costs nothing. */
	static final class Malformed extends Exception {

		Malformed() {
			super("not in the expected layout", null, false, false);
		}

	}

}

package io.eventcheckpoint.format;

import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go yaml.v2's {@code resolve}: whether a string, written plain, would read back as a string.
 * yaml.v2 writes a string plain only then (and double-quotes it otherwise), so the writer asks
 * this to lay a name out byte for byte as Go does. Ported from yaml.v2 2.4.0's {@code resolve.go}
 * and {@code isBase60Float}; {@code GoYamlCompatibilityTests} checks it against Go itself.
 */
final class GoPlainResolver {

	private static final Set<String> NON_STRINGS = Set.of("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE",
			"on", "On", "ON", "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF", "", "~",
			"null", "Null", "NULL", ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF",
			"-.inf", "-.Inf", "-.INF", "<<");

	private static final Pattern YAML_FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");

	private static final Pattern DOT_FLOAT = Pattern.compile("\\.[0-9]+([eE][-+]?[0-9]+)?");

	private static final Pattern BASE60_FLOAT = Pattern.compile("[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?");

	private static final Pattern PREFIXED_INT = Pattern
		.compile("([-+]?)0(?:([xX])([0-9a-fA-F]+)|([oO])([0-7]+)|([bB])([01]+))");

	private static final Pattern TIMESTAMP = Pattern.compile("([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})"
			+ "(?:(?:[Tt]([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:\\.[0-9]+)?(?:Z|[-+][0-9]{2}:[0-9]{2}))"
			+ "|(?: ([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:\\.[0-9]+)?))?");

	private static final BigInteger MAX_UNSIGNED = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

	private static final BigInteger MAX_SIGNED = BigInteger.valueOf(Long.MAX_VALUE);

	private static final BigInteger MIN_SIGNED = BigInteger.valueOf(Long.MIN_VALUE);

	private GoPlainResolver() {
	}

	/**
	 * Whether yaml.v2 would write the string plain (before the emitter's own checks for
	 * indicators and spaces).
	 * @param s the string
	 * @return whether it resolves to a string and is no base-60 float
	 */
	static boolean canUsePlain(String s) {
		return resolvesToString(s) && !isBase60Float(s);
	}

	private static boolean resolvesToString(String s) {
		if (s.isEmpty()) {
			return false;
		}
		char first = s.charAt(0);
		boolean sign = first == '+' || first == '-';
		boolean digit = first >= '0' && first <= '9';
		boolean inMap = "yYnNtTfFoO~".indexOf(first) >= 0;
		if (!sign && !digit && !inMap && first != '.') {
			return true;
		}
		if (NON_STRINGS.contains(s)) {
			return false;
		}
		if (inMap) {
			return true;
		}
		if (first == '.') {
			return !(DOT_FLOAT.matcher(s).matches() && isFinite(s));
		}
		if (isTimestamp(s)) {
			return false;
		}
		String plain = s.replace("_", "");
		if (isGoInteger(plain)) {
			return false;
		}
		return !(YAML_FLOAT.matcher(plain).matches() && isFinite(plain));
	}

	/** Go's {@code strconv.ParseInt(s, 0, 64)} or {@code ParseUint(s, 0, 64)} succeeds. */
	private static boolean isGoInteger(String plain) {
		Matcher prefixed = PREFIXED_INT.matcher(plain);
		String sign;
		BigInteger value;
		if (prefixed.matches()) {
			sign = prefixed.group(1);
			int radix = (prefixed.group(2) != null) ? 16 : (prefixed.group(4) != null) ? 8 : 2;
			String digits = (radix == 16) ? prefixed.group(3) : (radix == 8) ? prefixed.group(5) : prefixed.group(7);
			value = new BigInteger(digits, radix);
		}
		else {
			int at = (!plain.isEmpty() && (plain.charAt(0) == '+' || plain.charAt(0) == '-')) ? 1 : 0;
			sign = plain.substring(0, at);
			String digits = plain.substring(at);
			if (digits.isEmpty() || !digits.chars().allMatch((c) -> c >= '0' && c <= '9')) {
				return false;
			}
			// A leading zero makes Go read octal; a digit 8 or 9 there fails, as in Go.
			int radix = (digits.length() > 1 && digits.charAt(0) == '0') ? 8 : 10;
			if (radix == 8 && !digits.chars().allMatch((c) -> c >= '0' && c <= '7')) {
				return false;
			}
			value = new BigInteger(digits, radix);
		}
		if (sign.equals("-")) {
			return value.negate().compareTo(MIN_SIGNED) >= 0;
		}
		return value.compareTo(sign.isEmpty() ? MAX_UNSIGNED : MAX_SIGNED) <= 0;
	}

	private static boolean isFinite(String text) {
		try {
			return Double.isFinite(Double.parseDouble(text));
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	/** yaml.v2's {@code parseTimestamp}: four digits and a dash, then one of Go's layouts. */
	private static boolean isTimestamp(String s) {
		Matcher matcher = TIMESTAMP.matcher(s);
		if (!matcher.matches()) {
			return false;
		}
		try {
			LocalDate.of(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
					Integer.parseInt(matcher.group(3)));
		}
		catch (DateTimeException ex) {
			return false;
		}
		int clock = (matcher.group(4) != null) ? 4 : (matcher.group(7) != null) ? 7 : 0;
		if (clock == 0) {
			return true;
		}
		return Integer.parseInt(matcher.group(clock)) < 24 && Integer.parseInt(matcher.group(clock + 1)) < 60
				&& Integer.parseInt(matcher.group(clock + 2)) < 60;
	}

	private static boolean isBase60Float(String s) {
		if (s.isEmpty() || s.indexOf(':') < 0) {
			return false;
		}
		char c = s.charAt(0);
		return (c == '+' || c == '-' || (c >= '0' && c <= '9')) && BASE60_FLOAT.matcher(s).matches();
	}

}

package io.eventcheckpoint.engine;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Orders names as Go's {@code sort.Strings} does: by their UTF-8 bytes, which is code point order.
 * {@link String#compareTo} compares UTF-16 units and puts U+E000..U+FFFF after supplementary
 * characters, unlike Go.
 */
public final class NameOrder implements Comparator<String> {

	public static final NameOrder INSTANCE = new NameOrder();

	private NameOrder() {
	}

	/** A bit of {@link #kinds}: the name holds a surrogate (a character beyond U+FFFF). */
	static final int SURROGATES = 1;

	/** A bit of {@link #kinds}: the name holds a character of U+E000..U+FFFF. */
	static final int HIGH_BMP = 2;

	/**
	 * Which characters of a name decide between the fast and the exact comparison.
	 * @param name the name
	 * @return {@link #SURROGATES} and {@link #HIGH_BMP} bits
	 */
	static int kinds(String name) {
		int kinds = 0;
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (c >= '\uD800') {
				kinds |= (c >= '\uE000') ? HIGH_BMP : SURROGATES;
			}
		}
		return kinds;
	}

	/**
	 * Sort names in this order. Unless the names mix surrogates with characters of U+E000..U+FFFF
	 * (the only pairs where UTF-16 order and code point order disagree), this uses
	 * {@link String#compareTo}, which the JVM compares many bytes at a time; the char-by-char
	 * {@link #compare} took over half of a flush of 100k logs with their long common prefixes.
	 * @param names the names to sort in place
	 * @param kinds the {@link #kinds} of all the names, or-ed together
	 */
	static void sort(String[] names, int kinds) {
		if (kinds == (SURROGATES | HIGH_BMP)) {
			Arrays.sort(names, INSTANCE);
		}
		else {
			Arrays.sort(names);
		}
	}

	/**
	 * Sort names in this order.
	 * @param names the names to sort in place
	 */
	public static void sort(String[] names) {
		int kinds = 0;
		for (String name : names) {
			kinds |= kinds(name);
		}
		sort(names, kinds);
	}

	@Override
	public int compare(String a, String b) {
		int length = Math.min(a.length(), b.length());
		for (int i = 0; i < length; i++) {
			char x = a.charAt(i);
			char y = b.charAt(i);
			if (x != y) {
				if (Character.isSurrogate(x) == Character.isSurrogate(y)) {
					return x - y;
				}
				// A surrogate (a supplementary code point) sorts after every BMP character.
				return Character.isSurrogate(x) ? 1 : -1;
			}
		}
		return a.length() - b.length();
	}

}

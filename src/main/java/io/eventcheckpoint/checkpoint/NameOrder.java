package io.eventcheckpoint.checkpoint;

import java.util.Comparator;
import java.util.List;

/**
 * Orders names as Go's {@code sort.Strings} does: by their UTF-8 bytes, which is code point order.
 * {@link String#compareTo} compares UTF-16 units and puts U+E000..U+FFFF after supplementary
 * characters, unlike Go.
 */
public final class NameOrder implements Comparator<String> {

	public static final NameOrder INSTANCE = new NameOrder();

	private NameOrder() {
	}

	/**
	 * Sort states by name in this order. When no name mixes in both a surrogate and a character of
	 * U+E000..U+FFFF (the only pairs where UTF-16 order and code point order disagree), this uses
	 * {@link String#compareTo}, which the JVM compares many bytes at a time; the char-by-char
	 * {@link #compare} took over half of a flush of 100k logs with their long common prefixes.
	 * @param states the states to sort in place
	 */
	public static void sortByName(List<EventLogState> states) {
		boolean surrogates = false;
		boolean highBmp = false;
		for (EventLogState state : states) {
			String name = state.name();
			for (int i = 0; i < name.length(); i++) {
				char c = name.charAt(i);
				if (c >= '\uD800') {
					if (c >= '\uE000') {
						highBmp = true;
					}
					else {
						surrogates = true;
					}
				}
			}
		}
		Comparator<String> order = (surrogates && highBmp) ? INSTANCE : Comparator.naturalOrder();
		states.sort(Comparator.comparing(EventLogState::name, order));
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

package io.eventcheckpoint.checkpoint;

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

package io.eventcheckpoint.security;

/**
 * The firewall's rule for header names and values, as Spring Security's {@code StrictHttpFirewall}
 * states it with the regular expressions {@code [\p{IsAssigned}&&[^\p{IsControl}]]*} (names) and
 * {@code [\p{IsAssigned}&&[[^\p{IsControl}]||\t]]*} (values), checked without them: every code
 * point assigned in Unicode and no control character, a tab allowed in values.
 * <p>
 * Why by hand: the firewall checks every header each time the application reads it, and those
 * two expressions allocated a matcher and its arrays per read, the largest share of a PUT's
 * garbage in the request-path profile (issue 13). {@code HeaderCharactersTests} checks that both
 * give the same answer for every character.
 */
final class HeaderCharacters {

	private HeaderCharacters() {
	}

	/**
	 * @param name a header name
	 * @return whether the firewall lets it pass
	 */
	static boolean isAllowedName(String name) {
		return allowed(name, false);
	}

	/**
	 * @param value a header value
	 * @return whether the firewall lets it pass
	 */
	static boolean isAllowedValue(String value) {
		return allowed(value, true);
	}

	private static boolean allowed(String text, boolean tab) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if ((c >= 0x20 && c < 0x7F) || (tab && c == '\t')) {
				continue;
			}
			int codePoint = text.codePointAt(i);
			if (Character.getType(codePoint) == Character.CONTROL
					|| Character.getType(codePoint) == Character.UNASSIGNED) {
				return false;
			}
			i += Character.charCount(codePoint) - 1;
		}
		return true;
	}

}

package io.eventcheckpoint.security;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link HeaderCharacters} answers exactly as the regular expressions of Spring Security's
 * {@code StrictHttpFirewall} it replaces, for every character, alone and inside text.
 */
class HeaderCharactersTests {

	private static final Pattern NAME = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

	private static final Pattern VALUE = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

	@Test
	void everyCodePointIsJudgedAsTheFirewallsExpressionsJudgeIt() {
		List<String> mismatches = new ArrayList<>();
		for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
			String alone = Character.toString(codePoint);
			String inside = "Bearer " + alone + "x";
			for (String text : List.of(alone, inside)) {
				if (HeaderCharacters.isAllowedName(text) != NAME.matcher(text).matches()
						|| HeaderCharacters.isAllowedValue(text) != VALUE.matcher(text).matches()) {
					mismatches.add(Integer.toHexString(codePoint));
				}
			}
		}
		assertThat(mismatches).isEmpty();
	}

	@Test
	void unpairedSurrogatesAndTabsAreJudgedAsTheFirewallsExpressionsJudgeThem() {
		List<String> texts = List.of("", "a\tb", "\t", "\uD800", "x\uDC00y", "\uDBFF\uDFFF", "\uD83D\uDE00",
				"\uDE00\uD83D", "If-Match", "\"12\"", "application/json; charset=utf-8", "a\u0085b", "\u007F");
		for (String text : texts) {
			assertThat(HeaderCharacters.isAllowedName(text)).as(text).isEqualTo(NAME.matcher(text).matches());
			assertThat(HeaderCharacters.isAllowedValue(text)).as(text).isEqualTo(VALUE.matcher(text).matches());
		}
		assertThat(HeaderCharacters.isAllowedValue("a\tb")).isTrue();
		assertThat(HeaderCharacters.isAllowedName("a\tb")).isFalse();
	}

}

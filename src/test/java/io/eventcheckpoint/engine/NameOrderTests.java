package io.eventcheckpoint.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class NameOrderTests {

	private static List<String> inUtf8ByteOrder(List<String> names) {
		List<String> sorted = new ArrayList<>(names);
		sorted.sort(Comparator.comparing((String name) -> name.getBytes(StandardCharsets.UTF_8), Arrays::compareUnsigned));
		return sorted;
	}

	@ParameterizedTest
	@ValueSource(strings = { "ascii", "surrogates", "highBmp", "both" })
	void sortShouldOrderAsUtf8BytesDo(String kind) {
		List<String> names = new ArrayList<>(List.of("b", "a", "Application", "application", "host-2/Security",
				"host-10/Security", "host-1/Security", "ünïcödé", "日本語", "z", ""));
		if (kind.equals("surrogates") || kind.equals("both")) {
			names.addAll(List.of("😀", "a😀", "a\uD83D\uDE01", "𝄞"));
		}
		if (kind.equals("highBmp") || kind.equals("both")) {
			names.addAll(List.of("\uE000", "a\uFFFD", "a\uF8FF", "\uFFFD"));
		}
		String[] sorted = names.toArray(new String[0]);
		NameOrder.sort(sorted);
		assertThat(sorted).containsExactlyElementsOf(inUtf8ByteOrder(names));
	}

}

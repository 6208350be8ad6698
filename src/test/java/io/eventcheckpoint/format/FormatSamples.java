package io.eventcheckpoint.format;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.eventcheckpoint.engine.EventLogState;

/**
 * Seeded states for the format's tests: names and bookmarks built from the pieces where YAML
 * writers and readers part ways (indicators, quotes, line breaks, spaces at the ends, long lines
 * that fold, Unicode beyond the BMP, words YAML 1.1 reads as other types), numbers at the edges
 * of the unsigned range, and times with fractions and offsets.
 * <p>
 * Left out: U+2028 and U+2029. yaml.v2 writes them raw and reads them as line breaks; YAML 1.2
 * readers (the general path's snakeyaml-engine) neither break lines there nor know the
 * {@code \L}/{@code \P} escapes yaml.v2 uses for them in double quotes.
 */
final class FormatSamples {

	private static final String[] PIECES = { "a", "Z", "word", "Security", "Microsoft-Windows-Sysmon/Operational",
			" ", " ", "  ", "-", "- ", ":", ": ", "#", " #", "'", "\"", "\\", "\t", "\n", "\r\n", "\r", "é", "日本語",
			"😀", "\u0085", "\uFEFF", "\u00A0", "\u001B", "\u007F", "\u0007", "0", "1", "12", ".", "_",
			"true", "null", "No", "~", "[", "]", "{", "}", "!", "&", "*", "|", ">", "%", "@", "`", "?", ",", "0x1F",
			"1e3", "2001-12-14", "1:20", "<<", ".inf", "---", "...", "+", "0o17", "0b101", "1_000", "\uFFFD",
			"host-012345 " };

	private static final String[] FIXED = { "", " ", "a", "Application", "Windows PowerShell", "123", "-1", "+1",
			"1e3", "1e400", ".5", ".inf", "0x1F", "0xFFFFFFFFFFFFFFFFF", "0o17", "0b101", "08", "1_000",
			"2001-12-14", "2001-12-14t21:59:43.10-05:00", "2001-13-14", "1:20", "190:20:30.15", "true", "True",
			"yEs", "on", "y", "n", "~", "null", "<<", "- dash", "-dash", "a: b", "a:b", "a #b", "a#b", "#c",
			"'quoted'", "it's", "\"double\"", "back\\slash", "tab\there", "trailing ", " leading", "two  spaces",
			"ünïcödé", "日本語のログ", "😀 emoji", "\u0085nel", "\uFEFFbom", "del\u007F", "---", "...",
			"line\n", "line\nline", "line\n\n", "\n", "\n\n", "  lead\nx", "trail \nx", "x\n y", "x \ny",
			"<BookmarkList>\r\n  <Bookmark Channel='Application' RecordId='3' IsCurrent='true'/>\r\n</BookmarkList>",
			"a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e f g h i j k l m n o p q r s t u v w x",
			"'a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e f g h i j k l m n o p q r s t u v w",
			"\"a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e f g h i j k l m n o p q r s t u v",
			"\ta b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e f g h i j k l m n o p q r s t u  v w",
			"line one\nline two is long with many words to go past the eightieth column of the file for sure\n" };

	private static final long[] RECORDS = { 0, 1, 9, 10, 4294967295L, Long.MAX_VALUE, Long.MIN_VALUE, -1 };

	private FormatSamples() {
	}

	/** The hand-picked strings, each once as a name and once as a bookmark. */
	static List<EventLogState> fixed() {
		List<EventLogState> states = new ArrayList<>();
		for (int i = 0; i < FIXED.length; i++) {
			states.add(new EventLogState(FIXED[i], RECORDS[i % RECORDS.length], time(new Random(i)),
					FIXED[(i + 7) % FIXED.length]));
		}
		return unique(states);
	}

	/** {@code count} states generated from {@code seed}. */
	static List<EventLogState> generated(long seed, int count) {
		Random random = new Random(seed);
		List<EventLogState> states = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			long record = (random.nextInt(4) == 0) ? RECORDS[random.nextInt(RECORDS.length)] : random.nextLong();
			String bookmark = (random.nextInt(3) == 0) ? null : text(random);
			states.add(new EventLogState(text(random), record, time(random), bookmark));
		}
		return unique(states);
	}

	static String text(Random random) {
		StringBuilder text = new StringBuilder();
		int pieces = (random.nextInt(5) == 0) ? 10 + random.nextInt(40) : 1 + random.nextInt(5);
		for (int i = 0; i < pieces; i++) {
			text.append(PIECES[random.nextInt(PIECES.length)]);
		}
		return text.toString();
	}

	static OffsetDateTime time(Random random) {
		int nanos = switch (random.nextInt(4)) {
			case 0 -> 0;
			case 1 -> random.nextInt(1000) * 1_000_000;
			case 2 -> random.nextInt(1_000_000_000);
			default -> 1;
		};
		ZoneOffset offset = (random.nextBoolean()) ? ZoneOffset.UTC
				: ZoneOffset.ofTotalSeconds((random.nextInt(27 * 4) - 13 * 4) * 15 * 60);
		return OffsetDateTime.of(1 + random.nextInt(9998), 1 + random.nextInt(12), 1 + random.nextInt(28),
				random.nextInt(24), random.nextInt(60), random.nextInt(60), nanos, offset);
	}

	private static List<EventLogState> unique(List<EventLogState> states) {
		Map<String, EventLogState> byName = new LinkedHashMap<>();
		for (EventLogState state : states) {
			byName.putIfAbsent(state.name(), state);
		}
		return new ArrayList<>(byName.values());
	}

}

package io.eventcheckpoint.format;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import io.eventcheckpoint.engine.CorruptCheckpointException;
import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.engine.LoadedCheckpoint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves the package's rule over many seeded files: the fast path either reads a file exactly as
 * the general path does, or declines. The files are what the writer writes from generated states
 * (edge-case names, quoting, Unicode, bookmarks, numbers, times), then often changed the way a
 * person or another YAML writer would: comments, other indentation and spacing, other quoting,
 * Windows line ends, keys in another order, a cut or a flipped byte.
 */
class FastPathDifferentialTests {

	private static final int FILES = 1500;

	@Test
	void fastPathShouldReadEveryFileAsTheGeneralPathOrDecline() throws Exception {
		int fast = 0;
		int declined = 0;
		for (long seed = 1; seed <= FILES; seed++) {
			Random random = new Random(seed);
			List<EventLogState> states = FormatSamples.generated(seed, 1 + random.nextInt(12));
			StringWriter out = new StringWriter();
			CheckpointYaml.write(out, FormatSamples.time(random), states);
			String text = (seed % 4 == 0) ? out.toString() : mutate(out.toString(), random);
			byte[] content = text.getBytes(StandardCharsets.UTF_8);
			LoadedCheckpoint fastRead = CanonicalCheckpointReader.read(content);
			if (fastRead == null) {
				declined++;
				continue;
			}
			fast++;
			LoadedCheckpoint general = readGeneral(content);
			assertThat(fastRead).as("seed %d, file:%n%s", seed, text).isEqualTo(general);
			if (text.equals(out.toString())) {
				assertThat(fastRead.states()).as("seed %d", seed).isEqualTo(states.stream()
					.map((state) -> (state.bookmark() != null && state.bookmark().isEmpty())
							? new EventLogState(state.name(), state.recordNumber(), state.timestamp()) : state)
					.toList());
			}
		}
		// Both outcomes must really occur, or the test proves nothing.
		assertThat(fast).isGreaterThan(FILES / 10);
		assertThat(declined).isGreaterThan(FILES / 10);
	}

	private static LoadedCheckpoint readGeneral(byte[] content) {
		try {
			return CheckpointYaml.readGeneral(content);
		}
		catch (CorruptCheckpointException ex) {
			// The fast path accepted a file the general path rejects: that breaks the rule.
			throw new AssertionError("the general path rejects what the fast path read: " + ex.getMessage(), ex);
		}
	}

	private static String mutate(String text, Random random) {
		String[] lines = text.split("\n", -1);
		int line = 1 + random.nextInt(Math.max(1, lines.length - 1));
		return switch (random.nextInt(14)) {
			case 0 -> insertLine(lines, line, "# a comment");
			case 1 -> text.replace("\n  ", "\n    ").replace("\n- ", "\n  - ");
			case 2 -> text.replace(": ", ":  ");
			case 3 -> text.replace("\n", "\r\n");
			case 4 -> text.replace("name: ", "name: \"").replaceAll("(name: \"[^\\n]*)\\n", "$1\"\n");
			case 5 -> text.replace("name: ", "name: '").replaceAll("(name: '[^\\n]*)\\n", "$1'\n");
			case 6 -> text.substring(0, random.nextInt(text.length() + 1));
			case 7 -> flipByte(text, random);
			case 8 -> text.replaceFirst("\n", " \n");
			case 9 -> text.replaceAll("(?m)^(  record_number: [^\\n]*)\\n(  timestamp: [^\\n]*)$", "$2\n$1");
			case 10 -> text.replace("record_number: ", "record_number: 0");
			case 11 -> insertLine(lines, line, "  unknown: x");
			case 12 -> text + "# trailing comment\n";
			default -> text.replace("Z\n", "+00:00\n");
		};
	}

	private static String insertLine(String[] lines, int at, String inserted) {
		StringBuilder out = new StringBuilder();
		for (int i = 0; i < lines.length; i++) {
			if (i == at) {
				out.append(inserted).append('\n');
			}
			out.append(lines[i]);
			if (i < lines.length - 1) {
				out.append('\n');
			}
		}
		return out.toString();
	}

	private static String flipByte(String text, Random random) {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		if (bytes.length > 0) {
			bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(7));
		}
		return new String(bytes, StandardCharsets.ISO_8859_1);
	}


}

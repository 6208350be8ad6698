package io.eventcheckpoint.format;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.eventcheckpoint.engine.EventLogState;
import io.eventcheckpoint.engine.LoadedCheckpoint;
import io.eventcheckpoint.support.RequiredTools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the format against its ground truth, Go's gopkg.in/yaml.v2 2.4.0 with Winlogbeat's
 * checkpoint struct ({@code src/test/go/checkpointyaml}): what either side writes, the other reads
 * with identical values, and the service writes the very bytes yaml.v2 writes.
 */
class GoYamlCompatibilityTests {

	private static final OffsetDateTime UPDATE_TIME = OffsetDateTime.parse("2026-11-25T10:00:00.25+01:00");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	static Path work;

	private static Path program;

	@BeforeAll
	static void buildGoProgram() throws Exception {
		Path go = RequiredTools.require("go", "Debian: apt-get install golang-go golang-gopkg-yaml.v2-dev; CI: .ci/setup-go.sh");
		if (!Files.isRegularFile(Path.of("/usr/share/gocode/src/gopkg.in/yaml.v2/yaml.go"))) {
			RequiredTools.unavailable("Go's yaml.v2 is not in /usr/share/gocode (Debian: apt-get install "
					+ "golang-gopkg-yaml.v2-dev; CI: .ci/setup-go.sh)", null);
		}
		Path source = work.resolve("gopath/src/checkpointyaml");
		Files.createDirectories(source);
		Files.copy(Path.of("src/test/go/checkpointyaml/main.go"), source.resolve("main.go"));
		program = work.resolve("checkpointyaml");
		run(List.of(go.toString(), "build", "-o", program.toString(), "checkpointyaml"));
	}

	@Test
	void javaWritesGoReadsIdenticalValuesForFixedEdgeCases() throws Exception {
		assertGoReadsWhatJavaWrote(FormatSamples.fixed());
	}

	@Test
	void goWritesJavaReadsAndRewritesTheSameBytesForFixedEdgeCases() throws Exception {
		assertJavaReadsAndRewritesWhatGoWrote(FormatSamples.fixed());
	}

	@Test
	void bothDirectionsHoldForSeededGeneratedStates() throws Exception {
		for (long seed = 1; seed <= 20; seed++) {
			List<EventLogState> states = FormatSamples.generated(seed, 100);
			assertGoReadsWhatJavaWrote(states);
			assertJavaReadsAndRewritesWhatGoWrote(states);
		}
	}

	@Test
	void emptyFileLayoutMatches() throws Exception {
		assertJavaReadsAndRewritesWhatGoWrote(List.of());
	}

	private static void assertGoReadsWhatJavaWrote(List<EventLogState> states) throws Exception {
		Path file = work.resolve("java.yml");
		Files.writeString(file, written(states));
		Map<?, ?> read = JSON.readValue(run(List.of(program.toString(), "read", file.toString())), Map.class);
		assertThat(read.get("update_time")).isEqualTo(CheckpointYaml.formatTime(UPDATE_TIME));
		assertThat(read.get("event_logs")).isEqualTo(json(states).get("event_logs"));
	}

	private static void assertJavaReadsAndRewritesWhatGoWrote(List<EventLogState> states) throws Exception {
		Path input = work.resolve("states.json");
		Files.write(input, JSON.writeValueAsBytes(json(states)));
		byte[] goWrote = run(List.of(program.toString(), "write", input.toString()));
		LoadedCheckpoint read = CheckpointYaml.read(goWrote);
		assertThat(read.updateTime()).isEqualTo(UPDATE_TIME);
		assertThat(read.states()).hasSameSizeAs(states);
		for (int i = 0; i < states.size(); i++) {
			EventLogState state = states.get(i);
			String bookmark = (state.bookmark() == null || state.bookmark().isEmpty()) ? null : state.bookmark();
			assertThat(read.states().get(i)).as("state %d in%n%s", i, new String(goWrote, StandardCharsets.UTF_8))
				.isEqualTo(new EventLogState(state.name(), state.recordNumber(), state.timestamp(), bookmark));
		}
		assertThat(CheckpointYaml.readGeneral(goWrote)).isEqualTo(read);
		assertThat(written(read.states())).isEqualTo(new String(goWrote, StandardCharsets.UTF_8));
	}

	private static String written(List<EventLogState> states) throws IOException {
		StringWriter out = new StringWriter();
		CheckpointYaml.write(out, UPDATE_TIME, states);
		return out.toString();
	}

	private static Map<String, Object> json(List<EventLogState> states) {
		List<Map<String, String>> logs = new ArrayList<>();
		for (EventLogState state : states) {
			Map<String, String> log = new LinkedHashMap<>();
			log.put("name", state.name());
			log.put("record_number", state.recordNumberString());
			log.put("timestamp", CheckpointYaml.formatTime(state.timestamp()));
			log.put("bookmark", (state.bookmark() != null) ? state.bookmark() : "");
			logs.add(log);
		}
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("update_time", CheckpointYaml.formatTime(UPDATE_TIME));
		document.put("event_logs", logs);
		return document;
	}

	private static byte[] run(List<String> command) throws Exception {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
		builder.environment().put("GO111MODULE", "off");
		builder.environment().put("GOPATH", work.resolve("gopath") + ":/usr/share/gocode");
		builder.environment().put("GOCACHE", work.resolve("gocache").toString());
		builder.environment().put("GOFLAGS", "");
		Path stderr = work.resolve("stderr.txt");
		builder.redirectError(stderr.toFile());
		Process process = builder.start();
		byte[] out = process.getInputStream().readAllBytes();
		assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as("%s: %s", command, Files.readString(stderr)).isZero();
		return out;
	}

}

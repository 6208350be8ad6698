package io.eventcheckpoint.checkpoint.store;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.eventcheckpoint.checkpoint.BenchmarkStates;
import io.eventcheckpoint.checkpoint.EventLogState;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * src/jmh/java/io/eventcheckpoint/format/YamlWriteBenchmark.toWriter for the code before issue 11's
 * restructure: copy this file to src/jmh/java/io/eventcheckpoint/checkpoint/store/ in a checkout of
 * 1062730 and run it there (see docs/benchmarks.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms3g", "-Xmx3g" })
public class YamlWriteBenchmark {

	@Param({ "1000", "10000", "100000", "1000000" })
	int size;

	private List<EventLogState> snapshot;

	@Setup(Level.Trial)
	public void start() {
		this.snapshot = BenchmarkStates.sortedStates(this.size);
	}

	@Benchmark
	public OutputStream toWriter() throws IOException {
		OutputStream sink = OutputStream.nullOutputStream();
		Writer writer = new BufferedWriter(new OutputStreamWriter(sink, StandardCharsets.UTF_8), 1 << 16);
		CheckpointYaml.write(writer, OffsetDateTime.now(ZoneOffset.UTC), this.snapshot);
		writer.flush();
		return sink;
	}

}

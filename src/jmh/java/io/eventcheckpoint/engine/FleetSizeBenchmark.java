package io.eventcheckpoint.engine;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The settings every benchmark of one operation over a fleet of {@code size} logs shares: average
 * milliseconds, 3 warm-up and 5 measured iterations of 2 s, one fork with a 3 GiB heap (room for
 * 1M logs). JMH reads these annotations from the superclass.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms3g", "-Xmx3g" })
public abstract class FleetSizeBenchmark {

	/** Logs tracked. */
	@Param({ "1000", "10000", "100000", "1000000" })
	public int size;

}

package io.eventcheckpoint.engine;

/**
 * One writer thread's walk through the benchmark's names, from its own starting point, with an
 * ever newer position each step, so writer threads rarely touch the same log at once.
 */
final class NameWalk {

	private final int logs;

	private int next;

	private long update;

	/**
	 * @param logs how many names there are
	 * @param thread the writer's number, from 0
	 * @param stride how far apart the writers start
	 */
	NameWalk(int logs, int thread, int stride) {
		this.logs = logs;
		this.next = (int) (((long) thread * stride) % logs);
	}

	EventLogState nextState() {
		int i = this.next;
		this.next = (i + 1 == this.logs) ? 0 : i + 1;
		return BenchmarkStates.state(i, ++this.update);
	}

}

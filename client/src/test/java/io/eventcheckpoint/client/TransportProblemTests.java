package io.eventcheckpoint.client;

import io.eventcheckpoint.client.CheckpointRefusedException.FencedException;
import io.eventcheckpoint.client.CheckpointRefusedException.TooManyLogsException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the client turns a 409 problem into an exception: a fenced writer (lease or backward move)
 * is told apart from a full service.
 */
class TransportProblemTests {

	@Test
	void leaseAndBackwardMoveRefusalsShouldBeFencedExceptions() {
		assertThat(Transport.problem(409, "{\"type\": \"urn:problem:checkpoint:lease-conflict\", \"title\": \"Lease "
				+ "conflict\", \"detail\": \"leased by vm-1\", \"status\": 409}"))
			.isInstanceOf(FencedException.class)
			.hasMessageContaining("leased by vm-1");
		assertThat(Transport.problem(409, "{\"type\": \"urn:problem:checkpoint:backward-move\", \"status\": 409}"))
			.isInstanceOf(FencedException.class);
	}

	@Test
	void tooManyLogsShouldStayItsOwnException() {
		assertThat(Transport.problem(409, "{\"type\": \"urn:problem:checkpoint:too-many-logs\", \"status\": 409}"))
			.isInstanceOf(TooManyLogsException.class)
			.isNotInstanceOf(FencedException.class);
	}

}

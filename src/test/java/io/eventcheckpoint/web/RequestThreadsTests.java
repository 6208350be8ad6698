package io.eventcheckpoint.web;

import io.eventcheckpoint.support.FileStoreServerTests;
import org.apache.coyote.AbstractProtocol;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With the file store and no {@code server.tomcat.threads.max}, Tomcat runs two request threads
 * per CPU the JVM sees, at least four, all started (issue 13).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class RequestThreadsTests extends FileStoreServerTests {

	@Autowired
	WebServerApplicationContext context;

	@Test
	void fileStoreShouldRunTwoRequestThreadsPerCpuAndAtLeastFour() {
		TomcatWebServer server = (TomcatWebServer) this.context.getWebServer();
		AbstractProtocol<?> protocol = (AbstractProtocol<?>) server.getTomcat().getConnector().getProtocolHandler();
		int expected = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
		assertThat(protocol.getMaxThreads()).isEqualTo(expected).isLessThan(200);
		assertThat(protocol.getMinSpareThreads()).isEqualTo(expected);
	}

}

package io.eventcheckpoint.web;

import io.eventcheckpoint.config.CheckpointProperties;
import io.eventcheckpoint.config.CheckpointProperties.StoreType;
import org.apache.coyote.AbstractProtocol;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;

import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Tomcat settings that {@code server.tomcat.*} cannot express.
 * <p>
 * Lets {@code %2F} reach the application inside one path segment, so that
 * {@code /logs/Microsoft-Windows-Sysmon%2FOperational} addresses the same log as the raw slash; and
 * {@code %5C} likewise, for names with a backslash.
 * <p>
 * Pass-through rather than decode: Tomcat then does not normalize {@code ..%2F} into a different
 * path; Spring decodes each segment, so such a name is only a name.
 * <p>
 * With the file store, request threads are twice the CPUs the JVM sees (at least 4) unless
 * {@code server.tomcat.threads.max} is set: no request waits for anything but a CPU there (a
 * durable write waits for its flush without a thread), so more threads than that only take turns
 * on the same cores, and a request that loses its turn waits for all of them. On 2 CPUs, with
 * ParallelGC, 4 threads instead of 16 took the p99 of single PUTs at 32 connections from 12-13 ms
 * to 8.6-10.7 ms (issue 13, docs/benchmarks.md). The PostgreSQL store keeps Tomcat's pool: fenced
 * writes and leases wait for the database on the request thread.
 */
@Configuration(proxyBeanMethods = false)
class TomcatConfiguration {

	@Bean
	TomcatConnectorCustomizer encodedSlashConnectorCustomizer() {
		return (connector) -> {
			connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
			// The same for %5C: Winlogbeat reads .evtx files by path, so a name may hold a backslash.
			connector.setEncodedReverseSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
		};
	}

	/** Unordered, so it runs after Boot's customizer and its connector customizer is applied last. */
	@Bean
	WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> requestThreadsCustomizer(Environment environment,
			CheckpointProperties properties) {
		return (factory) -> {
			if (properties.store() != StoreType.FILE || environment.containsProperty("server.tomcat.threads.max")) {
				return;
			}
			int threads = requestThreads(Runtime.getRuntime().availableProcessors());
			factory.addConnectorCustomizers((connector) -> {
				if (connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol) {
					protocol.setMaxThreads(threads);
					protocol.setMinSpareThreads(threads);
				}
			});
		};
	}

	static int requestThreads(int cpus) {
		return Math.max(4, 2 * cpus);
	}

}

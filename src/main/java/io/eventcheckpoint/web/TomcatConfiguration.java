package io.eventcheckpoint.web;

import org.apache.tomcat.util.buf.EncodedSolidusHandling;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Lets {@code %2F} reach the application inside one path segment, so that
 * {@code /logs/Microsoft-Windows-Sysmon%2FOperational} addresses the same log as the raw slash; and
 * {@code %5C} likewise, for names with a backslash.
 * <p>
 * Pass-through rather than decode: Tomcat then does not normalize {@code ..%2F} into a different
 * path; Spring decodes each segment, so such a name is only a name.
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

}

package io.eventcheckpoint.web;

import java.io.IOException;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotWritableException;
import org.springframework.stereotype.Component;

/**
 * Writes a {@link LogState} (the answer to {@code PUT} and {@code GET /logs/{name}}) with the
 * application's {@link JsonMapper}, as Spring's Jackson converter would, but with a
 * {@code Content-Length}. Spring flushes a {@code ResponseEntity} before Tomcat closes it: with no
 * length known, Tomcat then sent the answer chunked, in two writes to the socket (the headers and
 * body, then the last chunk). A length lets it send the whole answer in one write; the two writes
 * were about a sixth of the service's CPU time per {@code PUT} (issue 13, docs/benchmarks.md).
 */
@Component
class LogStateConverter extends AbstractHttpMessageConverter<LogState> {

	private final ObjectWriter writer;

	LogStateConverter(JsonMapper mapper) {
		super(MediaType.APPLICATION_JSON);
		this.writer = mapper.writerFor(LogState.class);
	}

	@Override
	protected boolean supports(Class<?> type) {
		return LogState.class == type;
	}

	@Override
	protected boolean canRead(MediaType mediaType) {
		return false;
	}

	@Override
	protected LogState readInternal(Class<? extends LogState> type, HttpInputMessage input) {
		throw new UnsupportedOperationException("LogState is only written");
	}

	@Override
	protected void writeInternal(LogState state, HttpOutputMessage output) throws IOException {
		byte[] body;
		try {
			body = this.writer.writeValueAsBytes(state);
		}
		catch (JacksonException ex) {
			throw new HttpMessageNotWritableException("Could not write JSON: " + ex.getOriginalMessage(), ex);
		}
		output.getHeaders().setContentLength(body.length);
		output.getBody().write(body);
	}

}

package io.eventcheckpoint.monitoring;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.micrometer.common.KeyValues;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.observation.DefaultServerRequestObservationConvention;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * Spring's convention for {@code http.server.requests}, with the same tags, computed once per
 * combination instead of on every request.
 * <p>
 * The default convention builds its five tags (exception, method, outcome, status, uri) twice per
 * request, plus the request's full URL as a high-cardinality value that only tracing reads, and this
 * service has no tracing. In a JFR profile of a secured PUT that was about a tenth of the garbage
 * (issue 13). Here the tags come from the default convention the first time a combination is seen
 * and from a map afterwards; the map's keys are only values of a small, fixed set (standard
 * methods, status codes, the application's own path patterns, exception classes), so nothing a
 * client sends can grow it: a request with an unknown method is answered by the default convention
 * without the map.
 */
final class CachedRequestObservationConvention extends DefaultServerRequestObservationConvention {

	private static final Set<String> STANDARD_METHODS = Arrays.stream(HttpMethod.values())
		.map(HttpMethod::name)
		.collect(Collectors.toUnmodifiableSet());

	private final Map<Key, KeyValues> lowCardinality = new ConcurrentHashMap<>();

	CachedRequestObservationConvention(String name) {
		super(name);
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ServerRequestObservationContext context) {
		HttpServletRequest request = context.getCarrier();
		if (request == null || !STANDARD_METHODS.contains(request.getMethod())) {
			return super.getLowCardinalityKeyValues(context);
		}
		HttpServletResponse response = context.getResponse();
		Throwable error = context.getError();
		Key key = new Key(request.getMethod(), (response != null) ? response.getStatus() : -1, context.getPathPattern(),
				(error != null) ? error.getClass() : null);
		KeyValues values = this.lowCardinality.get(key);
		if (values == null) {
			values = super.getLowCardinalityKeyValues(context);
			this.lowCardinality.putIfAbsent(key, values);
		}
		return values;
	}

	/** None: the full URL is only for tracing, which this service does not do. */
	@Override
	public KeyValues getHighCardinalityKeyValues(ServerRequestObservationContext context) {
		return KeyValues.empty();
	}

	/** What the default convention's tags depend on. */
	private record Key(String method, int status, String pathPattern, Class<?> error) {
	}

}

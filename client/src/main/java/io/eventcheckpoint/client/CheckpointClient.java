package io.eventcheckpoint.client;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A collector's positions, kept by the checkpoint service: Go's {@code checkpoint} package as a
 * client.
 * <pre>{@code
 * try (CheckpointClient checkpoints = CheckpointClient.builder(URI.create("http://checkpoint:8080"))
 *         .token(token).maxUpdates(100).flushInterval(Duration.ofSeconds(5)).build()) {
 *     checkpoints.persist("Security", recordNumber, timestamp);
 * }
 * }</pre>
 * Between flushes only the latest position of each name is kept; a flush sends them all in one
 * {@code POST /logs}. Flushes run every flush interval and once {@code maxUpdates} names are
 * waiting, in the background; {@link #flush()} and {@link #close()} wait until the service has
 * them durably. Every method may be called from any thread.
 * <p>
 * Threading: {@code lock} guards {@code pending} and {@code closed} and is never held during I/O;
 * {@code sendLock} serializes sends (so an older batch never overtakes a newer one) and guards
 * {@code sentSinceDurable}, the positions the service acknowledged only in memory.
 */
public final class CheckpointClient implements AutoCloseable {

	private static final System.Logger logger = System.getLogger(CheckpointClient.class.getName());

	/** The service's default checkpoint.api.max-batch-size. */
	private static final int MAX_BATCH = 10_000;

	/** Below the service's default checkpoint.api.max-request-size of 1 MB. */
	private static final long MAX_BATCH_BYTES = 768 * 1024;

	private static final Pattern ENTRY = Pattern.compile("^event_logs\\[(\\d+)]");

	private final Transport transport;

	private final int maxUpdates;

	private final ScheduledExecutorService flusher;

	private final AtomicBoolean flushQueued = new AtomicBoolean();

	private final Object lock = new Object();

	private Map<String, EventLogState> pending = new LinkedHashMap<>();

	private boolean closed;

	private final ReentrantLock sendLock = new ReentrantLock();

	private final Map<String, EventLogState> sentSinceDurable = new LinkedHashMap<>();

	private CheckpointClient(Builder builder) {
		this.transport = new Transport(builder.http, builder.uri, builder.token, builder.requestTimeout,
				builder.retryTimeout);
		this.maxUpdates = builder.maxUpdates;
		this.flusher = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "checkpoint-client-flush");
			thread.setDaemon(true);
			return thread;
		});
		long interval = builder.flushInterval.toNanos();
		this.flusher.scheduleWithFixedDelay(this::backgroundFlush, interval, interval, TimeUnit.NANOSECONDS);
	}

	/**
	 * Start building a client.
	 * @param uri the service, such as {@code http://checkpoint:8080}
	 * @return the builder
	 */
	public static Builder builder(URI uri) {
		return new Builder(uri);
	}

	/**
	 * Remember a position; it is sent with the next flush.
	 * @param name the event log's name
	 * @param recordNumber the record number, read as unsigned: {@code -1L} is 18446744073709551615
	 * @param timestamp the record's time; nanoseconds and offset are kept
	 */
	public void persist(String name, long recordNumber, OffsetDateTime timestamp) {
		persist(name, recordNumber, timestamp, null);
	}

	/**
	 * Remember a position with Winlogbeat's XML bookmark; it is sent with the next flush.
	 * @param name the event log's name
	 * @param recordNumber the record number, read as unsigned: {@code -1L} is 18446744073709551615
	 * @param timestamp the record's time; nanoseconds and offset are kept
	 * @param bookmark the bookmark, or {@code null}
	 */
	public void persist(String name, long recordNumber, OffsetDateTime timestamp, String bookmark) {
		EventLogState state = new EventLogState(name, recordNumber, timestamp, bookmark);
		int size;
		synchronized (this.lock) {
			if (this.closed) {
				throw new IllegalStateException("The checkpoint client is closed");
			}
			this.pending.put(name, state);
			size = this.pending.size();
		}
		if (size >= this.maxUpdates && this.flushQueued.compareAndSet(false, true)) {
			this.flusher.execute(this::backgroundFlush);
		}
	}

	/**
	 * Every position the service holds that this client's token may read, with the ones not yet
	 * sent laid over them, in the service's name order.
	 * @return name to position
	 */
	public Map<String, EventLogState> states() {
		Map<String, EventLogState> states = new LinkedHashMap<>();
		String cursor = null;
		do {
			JsonNode page = this.transport.get("/logs?limit=" + MAX_BATCH
					+ ((cursor != null) ? "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8) : ""));
			for (JsonNode node : page.get("event_logs")) {
				EventLogState state = parse(node);
				states.put(state.name(), state);
			}
			cursor = (page.get("next") != null && page.get("next").isString()) ? page.get("next").stringValue() : null;
		}
		while (cursor != null);
		synchronized (this.lock) {
			states.putAll(this.pending);
		}
		return Collections.unmodifiableMap(states);
	}

	/**
	 * Send every remembered position and wait until the service has written them durably.
	 * @throws CheckpointRefusedException if the service refused some position (the refused entries
	 * are dropped; the others are kept for the next flush)
	 * @throws CheckpointUnavailableException if the service stayed unavailable past the retry
	 * timeout (everything is kept for the next flush)
	 */
	public void flush() {
		send(true);
	}

	/**
	 * Flush, then stop. Calling it again does nothing, like Go's {@code Shutdown}.
	 */
	@Override
	public void close() {
		synchronized (this.lock) {
			if (this.closed) {
				return;
			}
			this.closed = true;
		}
		this.flusher.shutdownNow();
		send(true);
	}

	private void backgroundFlush() {
		this.flushQueued.set(false);
		try {
			send(false);
		}
		catch (Throwable ex) {
			// An escaped exception would cancel the scheduled flush for good.
			logger.log(System.Logger.Level.WARNING, "Background flush of positions failed: " + ex.getMessage());
		}
	}

	private void send(boolean durable) {
		this.sendLock.lock();
		try {
			Map<String, EventLogState> batch;
			synchronized (this.lock) {
				batch = this.pending;
				this.pending = new LinkedHashMap<>();
			}
			Map<String, EventLogState> outgoing = batch;
			if (durable) {
				outgoing = new LinkedHashMap<>(this.sentSinceDurable);
				outgoing.putAll(batch);
			}
			if (outgoing.isEmpty()) {
				return;
			}
			List<EventLogState> chunk = List.of();
			try {
				for (List<EventLogState> next : chunks(outgoing.values())) {
					chunk = next;
					this.transport.post("/logs?durable=" + durable, body(chunk));
				}
			}
			catch (CheckpointRefusedException ex) {
				// Sending the refused entries again cannot succeed; the rest of the batch can.
				for (int index : refusedIndexes(ex)) {
					if (index < chunk.size()) {
						EventLogState refused = chunk.get(index);
						batch.remove(refused.name(), refused);
						this.sentSinceDurable.remove(refused.name(), refused);
					}
				}
				requeue(batch);
				throw ex;
			}
			catch (RuntimeException ex) {
				requeue(batch);
				throw ex;
			}
			if (durable) {
				this.sentSinceDurable.clear();
			}
			else {
				this.sentSinceDurable.putAll(batch);
			}
		}
		finally {
			this.sendLock.unlock();
		}
	}

	/**
	 * Split positions into batches the service takes: at most its default
	 * checkpoint.api.max-batch-size entries and well under its default 1 MB body limit.
	 */
	private static List<List<EventLogState>> chunks(Iterable<EventLogState> states) {
		List<List<EventLogState>> chunks = new ArrayList<>();
		List<EventLogState> chunk = new ArrayList<>();
		long bytes = 0;
		for (EventLogState state : states) {
			// UTF-8 takes at most 3 bytes per char; only quotes and backslashes are escaped (names hold no controls).
			long size = 120 + 3L * (state.name().length() + ((state.bookmark() != null) ? state.bookmark().length() : 0));
			if (!chunk.isEmpty() && (chunk.size() == MAX_BATCH || bytes + size > MAX_BATCH_BYTES)) {
				chunks.add(chunk);
				chunk = new ArrayList<>();
				bytes = 0;
			}
			chunk.add(state);
			bytes += size;
		}
		if (!chunk.isEmpty()) {
			chunks.add(chunk);
		}
		return chunks;
	}

	/** Put back what was not sent; anything persisted meanwhile is newer and wins. */
	private void requeue(Map<String, EventLogState> batch) {
		synchronized (this.lock) {
			batch.forEach(this.pending::putIfAbsent);
		}
	}

	private static List<Integer> refusedIndexes(CheckpointRefusedException ex) {
		List<Integer> indexes = new ArrayList<>();
		for (CheckpointRefusedException.FieldError error : ex.errors()) {
			Matcher matcher = (error.field() != null) ? ENTRY.matcher(error.field()) : null;
			if (matcher != null && matcher.find()) {
				indexes.add(Integer.parseInt(matcher.group(1)));
			}
		}
		return indexes;
	}

	private static String body(List<EventLogState> states) {
		ObjectNode root = Transport.JSON.createObjectNode();
		ArrayNode logs = root.putArray("event_logs");
		for (EventLogState state : states) {
			ObjectNode entry = logs.addObject();
			entry.put("name", state.name());
			entry.put("record_number", state.recordNumberString());
			entry.put("timestamp", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(state.timestamp()));
			if (state.bookmark() != null) {
				entry.put("bookmark", state.bookmark());
			}
		}
		return Transport.JSON.writeValueAsString(root);
	}

	static EventLogState parse(JsonNode node) {
		JsonNode number = node.get("record_number");
		long recordNumber = number.isString() ? Long.parseUnsignedLong(number.stringValue())
				: number.bigIntegerValue().longValue();
		JsonNode bookmark = node.get("bookmark");
		return new EventLogState(node.get("name").stringValue(), recordNumber,
				OffsetDateTime.parse(node.get("timestamp").stringValue(), DateTimeFormatter.ISO_OFFSET_DATE_TIME),
				(bookmark != null && bookmark.isString()) ? bookmark.stringValue() : null);
	}

	/** Settings of a {@link CheckpointClient}; the defaults are Winlogbeat's. */
	public static final class Builder {

		private final URI uri;

		private String token;

		private int maxUpdates = 100;

		private Duration flushInterval = Duration.ofSeconds(5);

		private Duration requestTimeout = Duration.ofSeconds(10);

		private Duration retryTimeout = Duration.ofSeconds(60);

		private HttpClient http;

		private Builder(URI uri) {
			this.uri = Objects.requireNonNull(uri, "uri");
		}

		/** @param token bearer token for the service, or {@code null} when it runs open @return this */
		public Builder token(String token) {
			this.token = token;
			return this;
		}

		/** @param maxUpdates flush once this many names wait (default 100) @return this */
		public Builder maxUpdates(int maxUpdates) {
			if (maxUpdates < 1) {
				throw new IllegalArgumentException("maxUpdates must be at least 1");
			}
			this.maxUpdates = maxUpdates;
			return this;
		}

		/** @param flushInterval flush at least this often (default 5s) @return this */
		public Builder flushInterval(Duration flushInterval) {
			if (flushInterval.isNegative() || flushInterval.isZero()) {
				throw new IllegalArgumentException("flushInterval must be positive");
			}
			this.flushInterval = flushInterval;
			return this;
		}

		/** @param requestTimeout longest wait for one answer before retrying (default 10s) @return this */
		public Builder requestTimeout(Duration requestTimeout) {
			this.requestTimeout = requestTimeout;
			return this;
		}

		/** @param retryTimeout how long to retry one send before giving up (default 60s) @return this */
		public Builder retryTimeout(Duration retryTimeout) {
			this.retryTimeout = retryTimeout;
			return this;
		}

		/** @param http the HTTP client to use, such as one with a TLS context @return this */
		public Builder httpClient(HttpClient http) {
			this.http = http;
			return this;
		}

		public CheckpointClient build() {
			if (this.http == null) {
				this.http = HttpClient.newBuilder().connectTimeout(this.requestTimeout).build();
			}
			return new CheckpointClient(this);
		}

	}

}

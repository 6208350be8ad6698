package io.eventcheckpoint.client;

import java.util.List;

/**
 * The service refused a request with a 4xx answer (an RFC 9457 problem); sending it again
 * unchanged cannot succeed, so it is never retried.
 */
public class CheckpointRefusedException extends CheckpointException {

	private static final long serialVersionUID = 1L;

	private final int status;

	private final String type;

	private final String title;

	private final String detail;

	private final List<FieldError> errors;

	public CheckpointRefusedException(int status, String type, String title, String detail, List<FieldError> errors) {
		super(status + " " + title + ((detail != null) ? ": " + detail : ""), null);
		this.status = status;
		this.type = type;
		this.title = title;
		this.detail = detail;
		this.errors = List.copyOf(errors);
	}

	/** @return the HTTP status, such as 400 */
	public int status() {
		return this.status;
	}

	/** @return the problem type URI, such as {@code urn:problem:checkpoint:invalid-request}, or {@code null} */
	public String type() {
		return this.type;
	}

	/** @return the problem's short title */
	public String title() {
		return this.title;
	}

	/** @return what is wrong, for a person, or {@code null} */
	public String detail() {
		return this.detail;
	}

	/** @return every offending field the service named, such as {@code event_logs[2].record_number} */
	public List<FieldError> errors() {
		return this.errors;
	}

	/**
	 * One offending field.
	 * @param field the JSON path of the field
	 * @param message what is wrong with it
	 */
	public record FieldError(String field, String message) {
	}

	/** 400: a name, record number or timestamp the service does not accept. */
	public static class InvalidPositionException extends CheckpointRefusedException {

		private static final long serialVersionUID = 1L;

		public InvalidPositionException(int status, String type, String title, String detail, List<FieldError> errors) {
			super(status, type, title, detail, errors);
		}

	}

	/** 401 or 403: no valid token, or a name outside the token's prefix. */
	public static class AccessDeniedException extends CheckpointRefusedException {

		private static final long serialVersionUID = 1L;

		public AccessDeniedException(int status, String type, String title, String detail, List<FieldError> errors) {
			super(status, type, title, detail, errors);
		}

	}

	/** 409: a new name would pass the service's checkpoint.max-logs. */
	public static class TooManyLogsException extends CheckpointRefusedException {

		private static final long serialVersionUID = 1L;

		public TooManyLogsException(int status, String type, String title, String detail, List<FieldError> errors) {
			super(status, type, title, detail, errors);
		}

	}

	/**
	 * 409 because another writer is fenced in: the log's prefix is leased to another holder (or the
	 * lease token sent is expired or superseded), or the write would move the log backward in
	 * (epoch, record_number) order. Nothing was stored; retrying the same write cannot help.
	 */
	public static class FencedException extends CheckpointRefusedException {

		private static final long serialVersionUID = 1L;

		public FencedException(int status, String type, String title, String detail, List<FieldError> errors) {
			super(status, type, title, detail, errors);
		}

	}

}

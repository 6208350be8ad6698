package bench.trivial;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * PUT /logs/{name}: reads the JSON body into a map and answers it back with the name, as a
 * ResponseEntity with an ETag, like the service's answer but with nothing behind it.
 */
@SpringBootApplication
@RestController
public class TrivialPutApplication {

	private long version;

	public static void main(String[] args) {
		SpringApplication.run(TrivialPutApplication.class, args);
	}

	@PutMapping("/logs/{*name}")
	ResponseEntity<Map<String, Object>> put(@PathVariable String name, @RequestBody Map<String, Object> body) {
		long v;
		synchronized (this) {
			v = ++this.version;
		}
		return ResponseEntity.ok().eTag(Long.toString(v))
			.body(Map.of("name", name.substring(1), "record_number", String.valueOf(body.get("record_number")),
					"timestamp", String.valueOf(body.get("timestamp")), "version", Long.toString(v)));
	}

}

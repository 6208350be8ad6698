# Container image of the checkpoint service.
#
# Build the jar first (./mvnw -B -DskipTests package), then:
#   docker build -t checkpoint-service:0.1.0 .
# BASE_IMAGE is any Java 17 JRE image with a shell (the build stage runs the jar's extract tool);
# CI passes one built locally from Debian packages because it cannot pull from Docker Hub.
ARG BASE_IMAGE=eclipse-temurin:17-jre

FROM ${BASE_IMAGE} AS builder
WORKDIR /builder
# A wildcard with one match; a second matching jar fails the build instead of picking one silently.
COPY target/checkpoint-service-*.jar app.jar
# Splits the fat jar into layers that change at different rates, so a code change only rebuilds and
# pushes the small application layer. Produces application/app.jar with its lib/ in dependencies/.
RUN java -Djarmode=tools -jar app.jar extract --layers --destination extracted

FROM ${BASE_IMAGE}
# The runtime user and the volume it owns. The passwd and group lines are written directly because
# not every JRE base has useradd (Alpine's has adduser, slim ones neither); the entry only names the
# numeric user in logs and tools, Kubernetes checks the number.
RUN echo 'checkpoint:x:10001:10001:checkpoint-service:/nonexistent:/usr/sbin/nologin' >> /etc/passwd \
    && echo 'checkpoint:x:10001:' >> /etc/group \
    && mkdir /data && chown 10001:10001 /data
WORKDIR /app
# Least to most frequently changed, so that the dependency layers stay cached.
COPY --from=builder /builder/extracted/dependencies/ ./
COPY --from=builder /builder/extracted/spring-boot-loader/ ./
COPY --from=builder /builder/extracted/snapshot-dependencies/ ./
COPY --from=builder /builder/extracted/application/ ./
# MaxRAMPercentage sizes the heap from the container's memory limit instead of the host's memory;
# ExitOnOutOfMemoryError lets the orchestrator restart a JVM that would otherwise limp on.
# ParallelGC with a fixed 128 MB young generation and survivor spaces of a sixth each, chosen
# explicitly (left to choose, the JVM takes SerialGC in a container under about 2 GB): young pauses
# of about 2 ms over 100,000 live logs, against G1's 15-20 ms, took the single-PUT p99 at 32
# connections from 24-29 ms to about 10 ms together with a request pool sized to the CPUs. The
# survivor spaces hold what a batch load keeps alive for a moment (requests in flight, pending
# changes, a snapshot's copies): with ParallelGC's adaptive sizing and 64 MB, 10 s of batches
# promoted 420 MB into the old generation and lengthened every pause after it; with these, 1 MB
# (issue 13, docs/benchmarks.md, bench/put-after-batch.sh).
ENV CHECKPOINT_FILE=/data/checkpoint.yml \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -XX:+UseParallelGC -Xmn128m -XX:SurvivorRatio=4 -XX:-UseAdaptiveSizePolicy"
VOLUME /data
# Numeric, so that Kubernetes' runAsNonRoot can verify it without reading /etc/passwd.
USER 10001:10001
EXPOSE 8080
# Exec form: java is PID 1 and receives docker stop's SIGTERM, which runs the final flush.
# A shell form (or sh -c) would leave the signal with the shell and the positions unflushed.
ENTRYPOINT ["java", "-jar", "/app/app.jar"]

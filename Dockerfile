# One node on SQLite:  docker build -t llm-proxy . && docker run -p 8080:8080 -v llmproxy-data:/data llm-proxy
# Several nodes on PostgreSQL: docker compose --profile postgres up --build proxy-a proxy-b (docker-compose.yml, docs/operations.md).

# ---- build: Maven with JDK 17; dependencies in their own layer, rebuilt only when a pom changes
FROM maven:3.9.11-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY shared-kernel/pom.xml shared-kernel/
COPY event-store/pom.xml event-store/
COPY command-side/pom.xml command-side/
COPY query-side/pom.xml query-side/
COPY static/pom.xml static/
COPY proxy-edge/pom.xml proxy-edge/
# the project's own modules are not in any repository yet: resolve only third-party artifacts
RUN mvn -B -ntp -q dependency:go-offline -DexcludeGroupIds=io.llmproxy
COPY shared-kernel/src shared-kernel/src
COPY event-store/src event-store/src
COPY command-side/src command-side/src
COPY query-side/src query-side/src
COPY static/src static/src
COPY proxy-edge/src proxy-edge/src
# build-time tools the poms run (the offline SBOM writer)
COPY tools tools
# tests ran in CI on the same commit; the image build only packages (and writes the SBOM); the
# class-data archive is recorded in the runtime stage, since only the JVM that wrote one uses it
RUN mvn -B -ntp -q -DskipTests -Dspotless.check.skip=true -Dcds.skip=true package

# ---- runtime: a JRE only, as an unprivileged user; /data is that user's alone (a new named volume
# takes this owner and mode; the proxy also makes the folder 0700 and its files 0600 at start)
FROM eclipse-temurin:17-jre
RUN groupadd --system --gid 10001 llmproxy \
 && useradd --system --uid 10001 --gid llmproxy --home-dir /app --shell /usr/sbin/nologin llmproxy \
 && mkdir -p /data \
 && chown llmproxy:llmproxy /data \
 && chmod 0700 /data
WORKDIR /app
COPY --from=build /src/proxy-edge/target/llm-proxy.jar /app/llm-proxy.jar
COPY --from=build /src/proxy-edge/target/bom.json /app/bom.json
COPY --from=build /src/proxy-edge/target/classes/io/llmproxy/app/ops/HealthProbe.class /app/probe/io/llmproxy/app/ops/HealthProbe.class
# the start script the README runs; it looks for the jar next to itself
COPY llm-proxy /app/llm-proxy
# the jar extracted into /app/cds with a class-data archive of a training start (on an empty
# database in /tmp, none of the image's settings), read-only for the runtime user: the proxy is
# ready about twice as fast (docs/decisions/0006-start-time.md)
RUN /app/llm-proxy --build-cds
USER 10001:10001
# Sized so that the process stays under half of the container's limit (512 MiB of the 1 GiB that
# docs/operations.md, "Sizing", recommends), the other half left to the page cache SQLite reads through. The JVM
# needs ~280 MiB besides the heap whatever the heap's size, so the heap gets 16 % of the limit,
# about twice what 1,000 open streams keep alive (docs/reliability.md, "Memory under 1,000
# concurrent streams"). G1 whatever the CPU or memory limit (the JVM would pick Serial, whose full
# collections stopped every stream for 144-176 ms); G1's marking stack starts at 4 MiB instead
# of 32 (it grows on demand); memory the C library holds after JIT compilations goes back to the
# system every 5 s (JDK 17.0.9 and later); a JVM out of memory exits so that the orchestrator
# restarts it. Override as a whole. The start script adds none of its own defaults for what
# these choose (heap, collector).
ENV JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=16 -XX:+UseG1GC -XX:MarkStackSize=512k -XX:TrimNativeHeapInterval=5000 -XX:+ExitOnOutOfMemoryError" \
    LLMPROXY_DATA_DIR=/data \
    AXONIQ_UPDATE_CHECKER_DISABLED=true
VOLUME /data
EXPOSE 8080
# the probe is a JVM too: a small heap and the quick compiler keep it to ~0.3 s and ~40 MB
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["java", "-Xmx16m", "-XX:TieredStopAtLevel=1", "-cp", "/app/probe", "io.llmproxy.app.ops.HealthProbe"]
# SIGTERM starts the graceful shutdown; give it (docker stop -t / stop_grace_period) more than
# spring.lifecycle.timeout-per-shutdown-phase (30 s)
STOPSIGNAL SIGTERM
ENTRYPOINT ["/app/llm-proxy"]

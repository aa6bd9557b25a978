# Build: docker build -t llm-proxy .   Run: docker run -p 8080:8080 -v llmproxy-data:/data llm-proxy
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
RUN ./mvnw -B -ntp -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 llmproxy && mkdir /data && chown llmproxy /data
USER llmproxy
COPY --from=build /src/proxy-edge/target/llm-proxy.jar /app/llm-proxy.jar
ENV LLMPROXY_DATA_DIR=/data \
    AXONIQ_UPDATE_CHECKER_DISABLED=true
VOLUME /data
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/llm-proxy.jar"]

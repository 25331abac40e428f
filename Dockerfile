# syntax=docker/dockerfile:1
# One image recipe for both services; SERVICE picks the module (api-service or worker-service).
# Build from the repository root:
#   docker build --build-arg SERVICE=api-service -t fetchq/api-service .
#   docker build --build-arg SERVICE=worker-service -t fetchq/worker-service .

FROM eclipse-temurin:21-jdk AS build
ARG SERVICE=api-service
WORKDIR /src
# The Maven wrapper and every pom first: dependency downloads are cached across source changes.
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY shared-kernel/pom.xml shared-kernel/
COPY shared-contracts/pom.xml shared-contracts/
COPY test-support/pom.xml test-support/
COPY shared-ops/pom.xml shared-ops/
COPY api-service/pom.xml api-service/
COPY worker-service/pom.xml worker-service/
COPY standalone/pom.xml standalone/
COPY shared-kernel/src/ shared-kernel/src/
COPY shared-contracts/src/ shared-contracts/src/
COPY test-support/src/ test-support/src/
COPY shared-ops/src/ shared-ops/src/
COPY ${SERVICE}/src/ ${SERVICE}/src/
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -DskipTests -Dspotless.check.skip=true -Djacoco.skip=true package -pl "${SERVICE}" -am \
 && cp "${SERVICE}"/target/"${SERVICE}"-*-exec.jar /app.jar

FROM eclipse-temurin:21-jre
LABEL org.opencontainers.image.title="fetchq" \
      org.opencontainers.image.description="fetchq service (api-service or worker-service)"
# A fixed numeric UID/GID: Kubernetes' runAsNonRoot can only verify a numeric USER.
RUN groupadd --system --gid 10001 fetchq \
 && useradd --system --no-log-init --uid 10001 --gid fetchq --home-dir /app --shell /usr/sbin/nologin fetchq
WORKDIR /app
# root-owned and read-only for the service user: the application cannot change its own code
COPY --from=build /app.jar /app/app.jar
USER 10001:10001
ENV FETCHQ_HTTP_PORT=8080 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080
# Plain bash, no curl needed: ready when /actuator/health/readiness answers 200.
HEALTHCHECK --interval=10s --timeout=5s --start-period=90s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${FETCHQ_HTTP_PORT} && printf 'GET /actuator/health/readiness HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["java", "-jar", "/app/app.jar"]

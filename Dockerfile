# syntax=docker/dockerfile:1
# The sentiment-streams image: build the service jar with Maven (the commands a deployment runs: run, publish-model,
# settings, produce, consume; without the embedded broker, Scala, the offline tools and the demo) and run it on a
# JRE 17 as a non-root user.
#   docker build -t sentiment-streams .
#   docker run --rm -p 8080:8080 -v sentiment-state:/var/lib/sentiment-streams sentiment-streams \
#     run --bootstrap-servers kafka:9092                  # scorer and trainer in one process (--role all)
# Deployed apart (docker-compose.yml, the Helm chart): `run --role scorer` for the scorers and `run --role trainer`
# for the one trainer, each with a state volume of its own.
# Memory and other JVM flags: -e JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=60 ...". Other CPUs: --build-arg
# JAVACPP_PLATFORM=linux-arm64 (ND4J packages the native binaries of one platform only).

FROM maven:3.9-eclipse-temurin-17 AS build
ARG JAVACPP_PLATFORM=linux-x86_64
WORKDIR /src
COPY pom.xml ./
COPY .mvn ./.mvn
COPY schemas ./schemas
COPY src/main ./src/main
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q package -DskipTests -Djavacpp.platform=${JAVACPP_PLATFORM}

FROM eclipse-temurin:17-jre
ARG UID=10001
RUN groupadd --gid ${UID} sentiment \
 && useradd --uid ${UID} --gid ${UID} --no-create-home --home-dir /var/lib/sentiment-streams \
      --shell /usr/sbin/nologin sentiment \
 && mkdir -p /app /var/lib/sentiment-streams/state /var/lib/sentiment-streams/javacpp \
 && chown -R ${UID}:${UID} /var/lib/sentiment-streams
COPY --from=build /src/target/sentiment-streams-service.jar /app/sentiment-streams.jar
# A class-data-sharing archive of the classes `run` loads, made from this very jar by a training run without brokers
# (startup-archive): the processor maps them instead of loading them, and a replacement pod scores about a second
# sooner. A JVM that cannot use it (another jar or JDK) says so in one warning and loads its classes as usual.
RUN java -Dorg.bytedeco.javacpp.cachedir=/tmp/javacpp-build -Djava.io.tmpdir=/tmp \
      -jar /app/sentiment-streams.jar startup-archive --out /app/sentiment-streams.jsa \
 && rm -rf /tmp/javacpp-build

# Local state (RocksDB stores, checkpoints) and ND4J's unpacked native libraries live on this volume, /tmp on
# another writable one, so the container also runs with a read-only root filesystem.
VOLUME ["/var/lib/sentiment-streams"]
ENV SENTIMENT_STATE_DIR=/var/lib/sentiment-streams/state \
    SENTIMENT_HTTP_PORT=8080 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -Xss4m"
# /health/live, /health/ready, /metrics, /model
EXPOSE 8080
USER ${UID}:${UID}
WORKDIR /var/lib/sentiment-streams
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/sentiment-streams.jsa", \
            "-Dorg.bytedeco.javacpp.cachedir=/var/lib/sentiment-streams/javacpp", "-Djava.io.tmpdir=/tmp", \
            "-jar", "/app/sentiment-streams.jar"]
CMD ["run"]

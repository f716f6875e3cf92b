# Build stage: the fat jar from a clean tree.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY controller/pom.xml controller/
COPY worker-client/pom.xml worker-client/
# Warm the dependency cache in its own layer; it may stop at the reactor's own snapshot
# (worker-client), which the package step below builds, hence the tolerated failure.
RUN mvn -B -q dependency:go-offline -pl controller -am || true
COPY . .
RUN mvn -B -q clean package -DskipTests -pl controller -am

# Run stage: a JRE, the jar, the configs and example policies, as a non-root user.
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /app queue-autoscaler
WORKDIR /app
COPY --from=build /src/controller/target/queue-autoscaler.jar /app/queue-autoscaler.jar
COPY config/ /app/config/
COPY policies/ /etc/queue-autoscaler/policies/
USER 10001
EXPOSE 8080 8081
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/queue-autoscaler.jar"]
CMD ["server", "/app/config/aws.yml"]

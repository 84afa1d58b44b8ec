{{/*
One StatefulSet of the processor, for one role of `run --role`: the scorers or the trainer. Each has its own pods,
labels (app.kubernetes.io/component) and state volumes.
Arguments (a dict): root (the chart's context), name, role (scorer, trainer), component, replicas (nil: not set, as
when KEDA owns them), resources.
*/}}
{{- define "sentiment-streams.statefulset" -}}
{{- $root := .root }}
{{- $fullname := include "sentiment-streams.fullname" $root }}
{{- $selector := include "sentiment-streams.componentSelectorLabels" (dict "root" $root "component" .component) }}
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: {{ .name }}
  labels:
    {{- include "sentiment-streams.labels" $root | nindent 4 }}
    {{- $selector | nindent 4 }}
spec:
  {{- if not (kindIs "invalid" .replicas) }}
  replicas: {{ .replicas }}
  {{- end }}
  serviceName: {{ $fullname }}-headless
  podManagementPolicy: Parallel
  selector:
    matchLabels:
      {{- $selector | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "sentiment-streams.labels" $root | nindent 8 }}
        {{- $selector | nindent 8 }}
        {{- with $root.Values.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      annotations:
        checksum/config: {{ include (print $root.Template.BasePath "/configmap.yaml") $root | sha256sum }}
        {{- with $root.Values.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      {{- with $root.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      automountServiceAccountToken: false
      terminationGracePeriodSeconds: {{ $root.Values.terminationGracePeriodSeconds }}
      securityContext:
        {{- toYaml $root.Values.podSecurityContext | nindent 8 }}
      containers:
        - name: sentiment-streams
          image: "{{ $root.Values.image.repository }}:{{ $root.Values.image.tag | default $root.Chart.AppVersion }}"
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          command:
            - java
            - -XX:SharedArchiveFile=/app/sentiment-streams.jsa
            - -Dorg.bytedeco.javacpp.cachedir={{ $root.Values.stateMountPath }}/javacpp
            - -Djava.io.tmpdir=/tmp
            - -jar
            - /app/sentiment-streams.jar
          args:
            - run
            - --config
            - /etc/sentiment-streams/application.properties
            - --role
            - {{ .role }}
          {{- with $root.Values.kafka.existingSecret }}
          envFrom:
            - secretRef:
                name: {{ . }}
          {{- end }}
          env:
            - name: SENTIMENT_BOOTSTRAP_SERVERS
              value: {{ $root.Values.kafka.bootstrapServers | quote }}
            - name: SENTIMENT_STATE_DIR
              value: {{ $root.Values.stateMountPath }}/state
            - name: SENTIMENT_HTTP_PORT
              value: {{ $root.Values.httpPort | quote }}
            - name: SENTIMENT_NUM_STANDBY_REPLICAS
              value: {{ $root.Values.standbyReplicas | quote }}
            - name: POD_NAME
              valueFrom:
                fieldRef:
                  fieldPath: metadata.name
            - name: SENTIMENT_INSTANCE_ID
              value: $(POD_NAME)
            {{- if $root.Values.staticMembership.enabled }}
            - name: SENTIMENT_GROUP_INSTANCE_ID
              value: $(POD_NAME)
            {{- end }}
            - name: JAVA_TOOL_OPTIONS
              value: {{ $root.Values.javaToolOptions | quote }}
            {{- with $root.Values.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          ports:
            - name: http
              containerPort: {{ $root.Values.httpPort }}
              protocol: TCP
          livenessProbe:
            httpGet:
              path: /health/live
              port: http
            {{- toYaml $root.Values.livenessProbe | nindent 12 }}
          readinessProbe:
            httpGet:
              path: /health/ready
              port: http
            {{- toYaml $root.Values.readinessProbe | nindent 12 }}
          resources:
            {{- toYaml .resources | nindent 12 }}
          securityContext:
            {{- toYaml $root.Values.securityContext | nindent 12 }}
          volumeMounts:
            - name: state
              mountPath: {{ $root.Values.stateMountPath }}
            - name: tmp
              mountPath: /tmp
            - name: config
              mountPath: /etc/sentiment-streams
              readOnly: true
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: {{ $root.Values.tmpSizeLimit }}
        - name: config
          configMap:
            name: {{ $fullname }}
        {{- if not $root.Values.persistence.enabled }}
        - name: state
          emptyDir:
            sizeLimit: {{ $root.Values.persistence.emptyDirSizeLimit }}
        {{- end }}
      {{- with $root.Values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $root.Values.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      affinity:
        {{- if $root.Values.affinity }}
        {{- toYaml $root.Values.affinity | nindent 8 }}
        {{- else }}
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              podAffinityTerm:
                topologyKey: kubernetes.io/hostname
                labelSelector:
                  matchLabels:
                    {{- $selector | nindent 20 }}
        {{- end }}
  {{- if $root.Values.persistence.enabled }}
  volumeClaimTemplates:
    - metadata:
        name: state
        labels:
          {{- $selector | nindent 10 }}
      spec:
        accessModes:
          {{- toYaml $root.Values.persistence.accessModes | nindent 10 }}
        {{- with $root.Values.persistence.storageClass }}
        storageClassName: {{ . }}
        {{- end }}
        resources:
          requests:
            storage: {{ $root.Values.persistence.size }}
  {{- end }}
{{- end }}

# vendorgraph: one image for the ingest job and the dashboard.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md LICENSE ./
COPY graph ./graph
COPY ingest ./ingest
COPY dashboard ./dashboard
COPY vendorgraph ./vendorgraph
COPY data ./data
RUN pip install --no-cache-dir .
ENV VENDORGRAPH_HOME=/var/lib/vendorgraph VENDORGRAPH_DATA=/app/data
EXPOSE 8501
CMD ["vendorgraph", "dashboard", "--address", "0.0.0.0", "--port", "8501"]

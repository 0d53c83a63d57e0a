# vendorgraph: one image for the ingest job and the dashboard.
FROM python:3.11-slim
# PyICU (under rigour -> normality) has no wheels on PyPI: it compiles against the system ICU.
RUN apt-get update -qq \
 && apt-get install -y -qq --no-install-recommends libicu-dev pkg-config g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pyproject.toml README.md LICENSE ./
COPY graph ./graph
COPY ingest ./ingest
COPY dashboard ./dashboard
COPY vendorgraph ./vendorgraph
# The knowledge base, sample inventories and lists ship inside the package (graph/data): the
# installed package is all the image needs, so the sources go once it is installed.
RUN pip install --no-cache-dir . && rm -rf /src
ENV VENDORGRAPH_HOME=/var/lib/vendorgraph
WORKDIR /var/lib/vendorgraph
EXPOSE 8501
CMD ["vendorgraph", "dashboard", "--address", "0.0.0.0", "--port", "8501"]

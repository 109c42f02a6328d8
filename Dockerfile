# The app as a container: `docker build -t how-a-computer-sees .` then
# `docker run -p 8501:8501 how-a-computer-sees` and open http://localhost:8501.
FROM python:3.11-slim

# Nothing is written as root at run time; the app needs no write access to its folder.
RUN useradd --create-home app
WORKDIR /home/app/app

COPY requirements.txt .
RUN python -m pip install --no-cache-dir -r requirements.txt

COPY --chown=app app.py ./
COPY --chown=app .streamlit ./.streamlit
COPY --chown=app assets ./assets
COPY --chown=app core ./core
COPY --chown=app models ./models
COPY --chown=app pages ./pages

USER app
EXPOSE 8501
HEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen('http://localhost:8501/_stcore/health', timeout=5)"
# Headless (no browser to open in a container); .streamlit/config.toml names the address, so
# the server does not ask a third party for its own.
CMD ["python", "-m", "streamlit", "run", "app.py", "--server.address=0.0.0.0", "--server.port=8501", "--server.headless=true"]

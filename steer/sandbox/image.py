"""The default sandbox image: its name, whether it is present, and building it from the recipe."""

from __future__ import annotations

import subprocess
from importlib import resources

from steer.errors import PrerequisiteError

__all__ = ["DEFAULT_IMAGE", "build_image", "docker_client", "image_present"]

DEFAULT_IMAGE = "steer-sandbox:1"


def docker_client():  # noqa: ANN201 - docker.DockerClient, imported lazily
    """A connected Docker client, or one clear PrerequisiteError saying what to do."""
    try:
        import docker
        from docker.errors import DockerException
    except ImportError as exc:
        raise PrerequisiteError("the docker sandbox needs the docker SDK: pip install docker") from exc
    try:
        client = docker.from_env(timeout=30)
        client.ping()
        return client
    except DockerException as exc:
        text = str(exc)
        if "Permission denied" in text:
            raise PrerequisiteError(
                "permission denied on the Docker socket: add yourself to the docker group "
                "(sudo usermod -aG docker $USER, then log in again) or run as root"
            ) from exc
        raise PrerequisiteError(
            "the Docker engine is not running: start it with `sudo systemctl start docker` "
            "(or `sudo dockerd &`), or use --sandbox process (unsafe)"
        ) from exc


def image_present(image: str = DEFAULT_IMAGE) -> bool:
    from docker.errors import ImageNotFound

    try:
        docker_client().images.get(image)
        return True
    except ImageNotFound:
        return False


def build_image(image: str = DEFAULT_IMAGE) -> None:
    """Run the offline recipe (`sandbox/build.sh`); it prints its own progress and is idempotent."""
    docker_client()  # fail early with the engine message, not a shell error
    recipe = resources.files("steer.sandbox").joinpath("build.sh")
    with resources.as_file(recipe) as path:
        proc = subprocess.run(["bash", str(path), image])
    if proc.returncode != 0:
        raise PrerequisiteError(f"building sandbox image {image} failed (exit {proc.returncode}); see the output above")

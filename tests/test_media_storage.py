"""Media in object storage: with AWS_STORAGE_BUCKET_NAME set, production keeps uploads (and
Wagtail's renditions of them) in that bucket, where every app server finds them."""

import boto3
from moto import mock_aws
from wagtail_factories import ImageFactory

from tests.test_hardening import production_setting

BUCKET = {
    "AWS_STORAGE_BUCKET_NAME": "guides-media",
    "AWS_S3_REGION_NAME": "eu-west-2",
    "AWS_S3_CUSTOM_DOMAIN": "media.example.org",
}


def production_default_storage(**env):
    return production_setting("STORAGES", **env)["default"]


def test_without_a_bucket_media_stay_on_the_servers_disk():
    storage = production_default_storage()
    assert storage["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_an_uploaded_image_and_its_renditions_go_to_the_bucket(db, settings):
    storage = production_default_storage(**BUCKET)
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    with mock_aws():
        s3 = boto3.client("s3", region_name="eu-west-2")
        s3.create_bucket(
            Bucket="guides-media",
            CreateBucketConfiguration={"LocationConstraint": "eu-west-2"},
        )
        settings.STORAGES = {**settings.STORAGES, "default": storage}
        image = ImageFactory(title="Serum")
        rendition = image.get_rendition("fill-400x225|format-webp")

        keys = {item["Key"] for item in s3.list_objects_v2(Bucket="guides-media")["Contents"]}
        assert image.file.name in keys and rendition.file.name in keys
        assert rendition.file.name.startswith("images/") and rendition.file.name.endswith(".webp")
        # Pages link to the files at the media domain (a CDN in front of the bucket).
        assert rendition.url == f"https://media.example.org/{rendition.file.name}"

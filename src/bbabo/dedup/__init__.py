"""Dedup: recognising the same article. URL normalisation, AMP URL variants, MinHash
fingerprints and a near-duplicate index."""

from bbabo.dedup.amp import amp_variants, is_amp_url
from bbabo.dedup.cluster import NEAR_DUPLICATE_THRESHOLD, NearDuplicate, NearDuplicateIndex
from bbabo.dedup.fingerprint import Signature, from_bytes, minhash, signature_bytes
from bbabo.dedup.urls import normalize_url

__all__ = [
    "NEAR_DUPLICATE_THRESHOLD",
    "NearDuplicate",
    "NearDuplicateIndex",
    "Signature",
    "amp_variants",
    "from_bytes",
    "is_amp_url",
    "minhash",
    "normalize_url",
    "signature_bytes",
]

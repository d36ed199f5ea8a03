"""French postal codes, geocoded offline from La Poste's file (see data/).

Locations in Relais are addresses with a postal code, so every geographic
criterion becomes a set of postal codes: those of a département, of a
region, of a commune, or whose centre lies within N km of a point.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files

from core.directory.normalise import fold

EARTH_RADIUS_KM = 6371.0088

# INSEE codes of the 2016 regions and their départements.
REGIONS = {
    "84": ("Auvergne-Rhône-Alpes", "01 03 07 15 26 38 42 43 63 69 73 74"),
    "27": ("Bourgogne-Franche-Comté", "21 25 39 58 70 71 89 90"),
    "53": ("Bretagne", "22 29 35 56"),
    "24": ("Centre-Val de Loire", "18 28 36 37 41 45"),
    "94": ("Corse", "2A 2B"),
    "44": ("Grand Est", "08 10 51 52 54 55 57 67 68 88"),
    "32": ("Hauts-de-France", "02 59 60 62 80"),
    "11": ("Île-de-France", "75 77 78 91 92 93 94 95"),
    "28": ("Normandie", "14 27 50 61 76"),
    "75": ("Nouvelle-Aquitaine", "16 17 19 23 24 33 40 47 64 79 86 87"),
    "76": ("Occitanie", "09 11 12 30 31 32 34 46 48 65 66 81 82"),
    "52": ("Pays de la Loire", "44 49 53 72 85"),
    "93": ("Provence-Alpes-Côte d'Azur", "04 05 06 13 83 84"),
    "01": ("Guadeloupe", "971"),
    "02": ("Martinique", "972"),
    "03": ("Guyane", "973"),
    "04": ("La Réunion", "974"),
    "06": ("Mayotte", "976"),
}
DEPARTMENT_REGION = {
    dep: code for code, (_name, deps) in REGIONS.items() for dep in deps.split()
}


@dataclass(frozen=True)
class Place:
    postcode: str
    commune: str
    # The delivery label: "MARSEILLE" for the commune "MARSEILLE 07".
    label: str
    department: str
    lat: float | None
    lon: float | None


def department_of(insee: str) -> str:
    """The département of an INSEE commune code (``2A004`` → ``2A``)."""
    return insee[:3] if insee[:2] in ("97", "98") else insee[:2]


@cache
def places() -> tuple[Place, ...]:
    source = files("core.search").joinpath("data/laposte_hexasmal.csv")
    rows = []
    with source.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        next(reader)
        for insee, commune, postcode, _line5, label, gps in reader:
            lat = lon = None
            if "," in gps:
                lat_text, lon_text = gps.split(",", 1)
                lat, lon = float(lat_text), float(lon_text)
            place = Place(postcode, commune, label, department_of(insee), lat, lon)
            rows.append(place)
    return tuple(rows)


@cache
def centres() -> dict[str, tuple[float, float]]:
    """Each postal code's centre: the mean of its communes' coordinates."""
    sums: dict[str, list[float]] = {}
    for place in places():
        if place.lat is None:
            continue
        total = sums.setdefault(place.postcode, [0.0, 0.0, 0])
        total[0] += place.lat
        total[1] += place.lon
        total[2] += 1
    return {code: (s[0] / s[2], s[1] / s[2]) for code, s in sums.items()}


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def locate(text: str) -> tuple[float, float] | None:
    """The point a postal code or a commune name stands for, if known."""
    text = text.strip()
    if text in centres():
        return centres()[text]
    points = [(p.lat, p.lon) for p in _named(text) if p.lat is not None]
    if not points:
        return None
    return (
        sum(lat for lat, _ in points) / len(points),
        sum(lon for _, lon in points) / len(points),
    )


def _named(name: str) -> list[Place]:
    """The rows of a commune, by its name or its delivery label."""
    return _by_name().get(_commune_key(name), [])


@cache
def _by_name() -> dict[str, list[Place]]:
    found: dict[str, list[Place]] = {}
    for place in places():
        for key in {_commune_key(place.commune), _commune_key(place.label)}:
            found.setdefault(key, []).append(place)
    return found


def _commune_key(name: str) -> str:
    # La Poste writes "ST DENIS" for "Saint-Denis": compare without those.
    words = fold(name).replace("-", " ").replace("'", " ").split()
    expand = {"st": "saint", "ste": "sainte"}
    return " ".join(expand.get(word, word) for word in words)


@lru_cache(maxsize=256)
def postcodes_within(point: tuple[float, float], radius_km: float) -> frozenset[str]:
    # Kept per point and radius: each page of a search asks again.
    return frozenset(
        code
        for code, centre in centres().items()
        if distance_km(point, centre) <= radius_km
    )


@lru_cache(maxsize=256)
def postcodes_of_department(code: str) -> frozenset[str]:
    code = code.strip().upper().zfill(2)
    return frozenset(p.postcode for p in places() if p.department == code)


@lru_cache(maxsize=256)
def postcodes_of_region(code: str) -> frozenset[str]:
    departments = set(REGIONS.get(code, ("", ""))[1].split())
    return frozenset(p.postcode for p in places() if p.department in departments)


@lru_cache(maxsize=256)
def postcodes_of_commune(name: str) -> frozenset[str]:
    return frozenset(p.postcode for p in _named(name))


def departments() -> list[str]:
    return sorted({p.department for p in places()})

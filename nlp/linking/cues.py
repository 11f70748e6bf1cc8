"""Language cues the linker reads: NER label maps, titles, and signs of a metonymic reading.

A capital or seat of power ("Tokyo", "Москва", "東京", "the Kremlin") names either the place or
the government. :func:`metonymy_signal` scores the context from -1 (clearly the place: "flights
to Moscow", "в Токио", "東京で") to +1 (clearly the government: "Tokyo imposed", "позиция Москвы",
"東京は…発表した").
"""

from __future__ import annotations

import re

# NER labels of the three pipelines mapped to the toolkit's coarse types; unlisted labels are ignored.
EN_LABELS = {"PERSON": "PER", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "FAC": "LOC"}
RU_LABELS = {"PER": "PER", "ORG": "ORG", "LOC": "GPE"}


def ja_label(label: str) -> str | None:
    """GiNZA's extended named-entity labels mapped to PER/ORG/GPE/LOC (None: not an entity for us)."""
    if label == "Person":
        return "PER"
    if label in {"Country", "Province", "City", "County", "GPE_Other"}:
        return "GPE"
    if label.startswith(("Location", "Region", "Island", "Continental", "Geological", "Domestic_Region")):
        return "LOC"
    if label in {"Government", "Company", "Company_Group", "Corporation_Other", "International_Organization",
                 "Political_Party", "Political_Organization_Other", "Military", "Organization_Other",
                 "Show_Organization", "Ethnic_Group_Other", "Cabinet", "Public_Institution", "GOE_Other",
                 "Research_Institute", "School", "Broadcast", "Newspaper", "Magazine"}:
        return "ORG" if label != "Ethnic_Group_Other" else None
    return None


# Compatible (NER type, KB type) pairs; anything else is a type clash.
COMPATIBLE = {
    "PER": {"PER"},
    "ORG": {"ORG", "GOV", "MEDIA", "PROJECT", "EVENT"},
    "GPE": {"GPE", "LOC", "GOV"},
    "LOC": {"LOC", "GPE", "PROJECT"},
}

# Words that precede a name without being part of it.
TITLES = {
    "en": {"president", "prime", "minister", "foreign", "defense", "defence", "chief", "cabinet", "secretary",
           "spokesman", "spokeswoman", "spokesperson", "ambassador", "chancellor", "premier", "mr", "mrs", "ms",
           "dr", "deputy", "former", "then", "the", "governor", "mayor", "professor", "prof", "analyst", "envoy",
           "general", "lawmaker", "senator", "chair", "chairman", "ceo", "economy", "trade", "finance", "state"},
    "ru": {"президент", "премьер", "министр", "глава", "пресс-секретарь", "посол", "канцлер", "господин",
           "г-н", "губернатор", "мэр", "профессор", "эксперт", "директор", "председатель", "замминистра",
           "спикер", "официальный", "представитель"},
}

_EN_GOV_VERBS = set(
    "say tell announce decide impose lift ease refuse insist reject protest warn respond retaliate join freeze ban "
    "sanction want seek claim deny expel summon approve agree maintain sign urge demand pressure push accuse hope "
    "intend plan consider believe argue view see keep continue move adopt introduce extend expand tighten relax "
    "restrict allow block condemn criticize criticise welcome support oppose offer propose call insist signal "
    "follow align side back pledge promise vow threaten order confirm stress note emphasize emphasise hesitate "
    "resist balance calculate calibrate pursue prioritize prioritise need fear worry count regard treat "
    "recognize recognise ignore respond react answer negotiate engage court woo".split()
)
_EN_POLICY_NOUNS = set(
    "policy policies position decision decisions sanctions sanction stance response line approach diplomacy "
    "relations ties measures measure move moves claim claims request refusal view views reaction strategy "
    "interests interest calculus calculation priorities priority concerns concern demands demand pressure "
    "support opposition offer proposal intentions intention plans plan goal goals efforts effort actions action "
    "statement statements official officials government leadership side envoy ally allies partner partners "
    "protest protests warning warnings reluctance willingness commitment restrictions help aid assistance backing "
    "contribution role loyalty resolve patience sincerity".split()
)
_EN_LOCATIVE = {"in", "at", "near", "to", "from", "into", "around", "outside", "across", "via", "through",
                "toward", "towards", "visit", "visited", "visiting", "flight", "flights", "streets", "downtown"}

_RU_LOCATIVE = {"в", "во", "из", "до", "под", "около", "возле", "по", "через", "над"}
_RU_STATEMENT = re.compile(
    r"^(заяв|счита|реш|подчеркн|отмеч|сообщ|дал[аи]? понять|полага|указ|признал|призвал|настаива|отказ|"
    r"предупред|ответ|ожида|надеют|надеял|опаса|готов|хот|дума|видят|намерен|выраз|возраз|осуд|приветств)"
)
_RU_POLICY = re.compile(
    r"^(политик|позици|решени|санкц|мер[аыу]?$|реакци|ответ|линия|лини|курс|подход|заявлен|требован|давлен|"
    r"интерес|намерен|шаг|действ|отказ|претенз|протест|предложен|стратеги|власт|руководств|дипломат|отношени|"
    r"помощ|поддержк|фарватер|поведени|недовольств|жест|сигнал|уступк|ультиматум|вклад|сторон)"
)
_RU_BETWEEN = {"между"}
# Verbs whose object is an actor ("призвал Токио", "обвинил Москву", "попросил Москву").
_RU_ADDRESS = re.compile(
    r"^(призв|призыва|обвин|попрос|проси|упрек|упрека|предупред|предупрежда|раскритик|критику|поддерж|осуд|осужда|"
    r"завер|уведом|убед|убежда|вынуд|вынужда|подтолкн|подталкива|поблагодар|благодар|угрожа|склон|наказ|давит|давя)"
)
_RU_FOR = {"для", "от"}

_JA_POLICY = ("政策", "立場", "判断", "決定", "対応", "姿勢", "方針", "措置", "制裁", "意向", "主張", "反発", "要求", "外交",
              "戦略", "関係", "政府", "当局", "思惑", "狙い", "懸念", "抗議")


def metonymy_signal(lang: str, text: str, start: int, end: int, doc=None) -> float:
    """How strongly the context of ``text[start:end]`` reads as a government (+1) or a place (-1)."""
    if lang == "en":
        return _en_signal(text, start, end, doc)
    if lang == "ru":
        return _ru_signal(text, start, end)
    if lang == "ja":
        return _ja_signal(text, start, end)
    return 0.0


def _prev_words(text: str, start: int, n: int = 2) -> list[str]:
    return [w.lower() for w in re.findall(r"[\w\-]+", text[max(0, start - 60) : start])][-n:]


def _next_words(text: str, end: int, n: int = 3) -> list[str]:
    """The next words up to the end of the clause (a comma, colon or sentence end stops them)."""
    clause = re.split(r"[,;:.!?()\n—–]", text[end : end + 80], maxsplit=1)[0]
    return [w.lower() for w in re.findall(r"[\w\-]+", clause)][:n]


def _en_signal(text: str, start: int, end: int, doc) -> float:
    prev = _prev_words(text, start, 2)
    after = text[end : end + 3]
    if prev and prev[-1] == "the":
        prev = prev[:-1]
    if prev and prev[-1] in _EN_LOCATIVE:
        return -0.8
    if prev and prev[-1] in {"between", "and", "with", "by", "against", "for", "about"}:
        base = 0.5
    else:
        base = 0.15
    if after.startswith(("'s", "’s")):
        nxt = _next_words(text, end + 2, 2)
        return 0.8 if nxt and nxt[0] in _EN_POLICY_NOUNS or len(nxt) > 1 and nxt[1] in _EN_POLICY_NOUNS else -0.2
    if doc is not None:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            root = span.root
            if root.dep_ in {"nsubj", "nsubjpass", "agent"}:
                return 0.9 if root.head.lemma_.lower() in _EN_GOV_VERBS else 0.6
            if root.dep_ == "poss":
                return 0.8 if root.head.lemma_.lower() in _EN_POLICY_NOUNS else -0.2
            if root.dep_ == "pobj" and root.head.lower_ in _EN_LOCATIVE:
                return -0.8
            if root.dep_ == "conj" and root.head.dep_ in {"nsubj", "nsubjpass"}:
                return 0.8
            if root.dep_ == "conj" and root.head.dep_ == "pobj" and root.head.head.lower_ in _EN_LOCATIVE:
                return -0.8  # "in Osaka and Tokyo"
            if root.dep_ in {"dobj", "dative"} and root.head.pos_ == "VERB":
                return 0.5
    return base


def _ru_signal(text: str, start: int, end: int) -> float:
    prev = _prev_words(text, start, 2)
    nxt = _next_words(text, end, 3)
    if prev and prev[-1] in _RU_BETWEEN or (len(prev) == 2 and prev[0] in _RU_BETWEEN):
        return 0.8
    if prev and _RU_POLICY.match(prev[-1]):
        return 0.8  # "позиция Москвы", "решение Токио"
    statement_follows = any(_RU_STATEMENT.match(w) for w in nxt[:2])
    if prev and prev[-1] in _RU_LOCATIVE:
        statement_before = len(prev) == 2 and bool(_RU_STATEMENT.match(prev[0]))  # "осудили в Токио"
        return 0.6 if statement_follows or statement_before else -0.7  # "в Москве заявили" vs "в Москве прошла встреча"
    if prev and _RU_ADDRESS.match(prev[-1]):
        return 0.7
    if prev and prev[-1] in _RU_FOR:
        return 0.5  # "важно для Москвы", "от Токио ждут"
    if statement_follows:
        return 0.9
    if nxt and _RU_POLICY.match(nxt[0]):
        return -0.1
    return 0.3 if not prev or prev[-1] in {"и", "а", "но", "что", "однако", "ни"} else 0.1


def _ja_signal(text: str, start: int, end: int) -> float:
    after = text[end : end + 12]
    if after.startswith(("は", "が", "も", "側", "としては")):
        return 0.8
    if after.startswith("の"):
        return 0.8 if after[1:].startswith(_JA_POLICY) else -0.3
    if after.startswith(("で", "へ", "から", "まで", "市", "都", "駅", "空港", "郊外", "市内", "都内")):
        return -0.7
    if after.startswith(("を訪", "入り", "に到着", "に滞在", "を出発", "に赴", "に向か", "に住", "に駐在")):
        return -0.7
    if after.startswith(("と", "に対し", "に対して", "を")):
        return 0.5
    return 0.0


# Institutions named around a country ("Japan's Foreign Ministry", "МИД России", "ロシア外務省",
# "Russian Foreign Ministry", "Японский МИД"): one mention for the whole phrase, linked when the KB
# has the institution and NIL otherwise, never the country inside it.
_EN_INSTITUTION = (
    r"(?:(?:foreign|defen[cs]e|finance|economy|trade|interior|justice|energy|industry|agriculture|emergencies|"
    r"emergency\s+situations)\s+ministry|ministry\s+of\s+(?:foreign\s+affairs|defen[cs]e|finance|economy(?:,\s+trade\s+and\s+industry)?|"
    r"economic\s+development|energy|justice|industry\s+and\s+trade)|foreign\s+office|central\s+bank|embassy|consulate(?:[\s-]general)?|"
    r"coast\s+guard|navy|air\s+force|armed\s+forces|self-defen[cs]e\s+forces|security\s+council|cabinet|parliament|government|"
    r"administration|defen[cs]e\s+forces)"
)
_EN_DEMONYM = r"(?:Russian|Japanese|Ukrainian|American|U\.S\.|US|Chinese|British|German|French|South\s+Korean|North\s+Korean|Korean)"
INSTITUTION_AFTER = {
    # after a country mention
    "en": re.compile(r"(?:'s|’s)?\s+(" + _EN_INSTITUTION + r")\b", re.IGNORECASE),
    "ja": re.compile(r"(外務省|国防省|財務省|経済産業省|経済発展省|エネルギー省|産業貿易省|大使館|総領事館|領事館|議会|中央銀行|中銀|"
                     r"大統領府|国務省|商務省|連邦保安庁|国境警備局|国防総省|安全保障会議|非常事態省)"),
}
INSTITUTION_BEFORE = {
    # before a country mention in the genitive
    "ru": re.compile(
        r"(?<![\w-])((?:МИД\w*|Минобороны|Минфин\w*|Минэкономразвития|Минэнерго|Минпромторг\w*|Минюст\w*|Минсельхоз\w*|"
        r"Генштаб\w*|Совбез\w*|[Сс]овет\w* безопасности|[Пп]осольств\w+|[Кк]онсульств\w+|[Гг]енконсульств\w+|[Пп]арламент\w*|"
        r"[Кк]абмин\w*|[Кк]абинет\w* министров|[Пп]равительств\w+|[Аа]дминистраци\w+|[Цц]ентробанк\w*|"
        r"[Мм]инистерств\w+ (?:иностранных дел|обороны|финансов|экономики|экономического развития|энергетики|юстиции|"
        r"промышленности и торговли)|[Сс]ил\w* самообороны|[Бб]ереговой охран\w+|ВМС|ВВС|ВКС))\s+$"
    ),
}
INSTITUTION_PHRASE = {
    # a demonym adjective and an institution, with no country name in it
    "en": re.compile(r"\b" + _EN_DEMONYM + r"\s+" + _EN_INSTITUTION + r"\b"),
    "ru": re.compile(
        r"(?<![\w-])(?:[Яя]понск|[Рр]оссийск|[Аа]мериканск|[Уу]краинск|[Кк]итайск|[Бб]ританск|[Нн]емецк|[Фф]ранцузск)\w*\s+"
        r"(?:МИД\w*|Минобороны|Минфин\w*|[Пп]осольств\w+|[Пп]арламент\w*|[Кк]абмин\w*|[Пп]равительств\w+|[Цц]ентробанк\w*|"
        r"[Мм]инистерств\w+ (?:иностранных дел|обороны|финансов|экономики|энергетики))(?![\w-])"
    ),
}

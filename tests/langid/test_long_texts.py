"""The capped sample lingua reads: long news articles in the Cyrillic and West Slavic languages
that are easiest to confuse are still told apart when only their first ``_FIRST_CHARS``
characters are read, whichever sentence the article starts with."""

from __future__ import annotations

import pytest

from bbabo.langid import LanguageDetector
from bbabo.langid.detect import _FIRST_CHARS, _UNHINTED_CHARS

from .spying import spy_reads

# One council story told in each language (the same content, so that topic words cannot give
# the answer away), each longer than the sample lingua reads.
LONG_NEWS = {
    "ru": (
        "Городской совет Новосибирска во вторник утвердил бюджет на следующий год. Большая часть "
        "средств пойдёт на строительство новой трамвайной линии, которая соединит левый берег с "
        "центром города. По словам мэра, работы начнутся весной, а первые вагоны выйдут на "
        "маршрут через два года. Депутаты также выделили деньги на ремонт трёх школ и детской "
        "поликлиники. Жители, пришедшие на заседание, спрашивали, почему проект дороже, чем "
        "обещали прошлой осенью. Финансовый директор объяснил, что цены на рельсы и "
        "электрооборудование выросли почти на треть. Оппозиция голосовала против и потребовала "
        "опубликовать все договоры с подрядчиками. Городская администрация пообещала, что отчёт о "
        "расходах будет выходить каждый квартал. Эксперты считают, что новая линия сократит время "
        "поездки до работы для тысяч людей и уменьшит пробки на мостах."
    ),
    "uk": (
        "Міська рада Вінниці у вівторок затвердила бюджет на наступний рік. Більша частина коштів "
        "піде на будівництво нової трамвайної лінії, яка з'єднає лівий берег із центром міста. За "
        "словами мера, роботи розпочнуться навесні, а перші вагони вийдуть на маршрут за два "
        "роки. Депутати також виділили гроші на ремонт трьох шкіл і дитячої поліклініки. "
        "Мешканці, які прийшли на засідання, запитували, чому проєкт дорожчий, ніж обіцяли "
        "минулої осені. Фінансовий директор пояснив, що ціни на рейки та електрообладнання зросли "
        "майже на третину. Опозиція голосувала проти й вимагала оприлюднити всі договори з "
        "підрядниками. Міська адміністрація пообіцяла, що звіт про витрати виходитиме щокварталу. "
        "Експерти вважають, що нова лінія скоротить час дороги на роботу для тисяч людей і "
        "зменшить затори на мостах."
    ),
    "be": (
        "Гарадскі савет Гродна ў аўторак зацвердзіў бюджэт на наступны год. Большая частка "
        "сродкаў пойдзе на будаўніцтва новай трамвайнай лініі, якая злучыць левы бераг з цэнтрам "
        "горада. Па словах мэра, працы пачнуцца вясной, а першыя вагоны выйдуць на маршрут праз "
        "два гады. Дэпутаты таксама выдзелілі грошы на рамонт трох школ і дзіцячай паліклінікі. "
        "Жыхары, якія прыйшлі на пасяджэнне, пыталіся, чаму праект даражэйшы, чым абяцалі мінулай "
        "восенню. Фінансавы дырэктар растлумачыў, што цэны на рэйкі і электраабсталяванне выраслі "
        "амаль на траціну. Апазіцыя галасавала супраць і запатрабавала апублікаваць усе дамовы з "
        "падрадчыкамі. Гарадская адміністрацыя паабяцала, што справаздача пра выдаткі будзе "
        "выходзіць кожны квартал. Эксперты лічаць, што новая лінія скароціць час паездкі на працу "
        "для тысяч людзей і зменшыць заторы на мастах."
    ),
    "bg": (
        "Общинският съвет на Пловдив одобри във вторник бюджета за следващата година. По-голямата "
        "част от средствата ще отидат за изграждането на нова трамвайна линия, която ще свърже "
        "левия бряг с центъра на града. Според кмета работата ще започне през пролетта, а първите "
        "вагони ще тръгнат по маршрута след две години. Общинските съветници отпуснаха пари и за "
        "ремонта на три училища и детска поликлиника. Жителите, дошли на заседанието, питаха защо "
        "проектът е по-скъп, отколкото беше обещано миналата есен. Финансовият директор обясни, "
        "че цените на релсите и електрическото оборудване са се повишили с почти една трета. "
        "Опозицията гласува против и поиска да бъдат публикувани всички договори с изпълнителите. "
        "Общинската администрация обеща отчет за разходите всяко тримесечие. Експерти смятат, че "
        "новата линия ще съкрати пътуването до работа за хиляди хора и ще намали задръстванията "
        "по мостовете."
    ),
    "kk": (
        "Қарағанды қалалық мәслихаты сейсенбі күні келесі жылға арналған бюджетті бекітті. "
        "Қаражаттың басым бөлігі сол жағалауды қала орталығымен байланыстыратын жаңа трамвай "
        "желісін салуға жұмсалады. Әкімнің айтуынша, жұмыс көктемде басталады, ал алғашқы "
        "вагондар екі жылдан кейін бағытқа шығады. Депутаттар сондай-ақ үш мектеп пен балалар "
        "емханасын жөндеуге қаржы бөлді. Отырысқа келген тұрғындар жоба неге былтыр күзде уәде "
        "етілгеннен қымбат екенін сұрады. Қаржы директоры рельстер мен электр жабдықтарының "
        "бағасы шамамен үштен бірге өскенін түсіндірді. Оппозиция қарсы дауыс беріп, "
        "мердігерлермен жасалған барлық келісімшарттарды жариялауды талап етті. Қала әкімдігі "
        "шығындар туралы есеп әр тоқсан сайын жарияланатынын уәде етті. Сарапшылардың пікірінше, "
        "жаңа желі мыңдаған адамның жұмысқа баратын уақытын қысқартып, көпірлердегі кептелісті "
        "азайтады."
    ),
    "pl": (
        "Rada miasta Lublina we wtorek przyjęła budżet na przyszły rok. Większość pieniędzy "
        "zostanie przeznaczona na budowę nowej linii tramwajowej, która połączy lewy brzeg z "
        "centrum miasta. Według prezydenta miasta prace ruszą wiosną, a pierwsze wagony wyjadą na "
        "trasę za dwa lata. Radni przyznali też środki na remont trzech szkół i przychodni "
        "dziecięcej. Mieszkańcy, którzy przyszli na sesję, pytali, dlaczego projekt jest droższy, "
        "niż obiecywano zeszłej jesieni. Dyrektor finansowy wyjaśnił, że ceny szyn i urządzeń "
        "elektrycznych wzrosły o prawie jedną trzecią. Opozycja głosowała przeciw i zażądała "
        "opublikowania wszystkich umów z wykonawcami. Urząd miasta obiecał, że raport o wydatkach "
        "będzie publikowany co kwartał. Eksperci uważają, że nowa linia skróci dojazd do pracy "
        "tysiącom ludzi i zmniejszy korki na mostach."
    ),
    "cs": (
        "Zastupitelstvo Olomouce v úterý schválilo rozpočet na příští rok. Většina peněz půjde na "
        "stavbu nové tramvajové trati, která propojí levý břeh s centrem města. Podle primátora "
        "začnou práce na jaře a první vozy vyjedou na trať za dva roky. Zastupitelé také "
        "vyčlenili peníze na opravu tří škol a dětské polikliniky. Obyvatelé, kteří přišli na "
        "jednání, se ptali, proč je projekt dražší, než se loni na podzim slibovalo. Finanční "
        "ředitel vysvětlil, že ceny kolejnic a elektrického vybavení vzrostly téměř o třetinu. "
        "Opozice hlasovala proti a požadovala zveřejnění všech smluv s dodavateli. Magistrát "
        "slíbil, že zpráva o výdajích bude vycházet každé čtvrtletí. Odborníci se domnívají, že "
        "nová trať zkrátí cestu do práce tisícům lidí a omezí zácpy na mostech."
    ),
    "sk": (
        "Mestské zastupiteľstvo Trnavy v utorok schválilo rozpočet na budúci rok. Väčšina peňazí "
        "pôjde na výstavbu novej električkovej trate, ktorá prepojí ľavý breh s centrom mesta. "
        "Podľa primátora sa práce začnú na jar a prvé vozne vyjdú na trať o dva roky. Poslanci "
        "vyčlenili aj peniaze na opravu troch škôl a detskej polikliniky. Obyvatelia, ktorí "
        "prišli na rokovanie, sa pýtali, prečo je projekt drahší, ako sa sľubovalo minulú jeseň. "
        "Finančný riaditeľ vysvetlil, že ceny koľajníc a elektrického vybavenia vzrástli takmer o "
        "tretinu. Opozícia hlasovala proti a žiadala zverejniť všetky zmluvy s dodávateľmi. "
        "Mestský úrad sľúbil, že správa o výdavkoch bude vychádzať každý štvrťrok. Odborníci sa "
        "domnievajú, že nová trať skráti cestu do práce tisícom ľudí a zníži zápchy na mostoch."
    ),
}


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetector()


def _sentences(text: str) -> list[str]:
    return [s.strip() + "." for s in text.split(".") if s.strip()]


def test_the_texts_are_longer_than_the_sample() -> None:
    assert all(len(text) > _FIRST_CHARS + 100 for text in LONG_NEWS.values())


@pytest.mark.parametrize("declared", [False, True])
@pytest.mark.parametrize("lang", sorted(LONG_NEWS))
def test_long_news_is_detected_from_the_sample_alone(detector: LanguageDetector, lang: str,
                                                     declared: bool,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    samples = spy_reads(detector, monkeypatch)
    text = LONG_NEWS[lang]
    guess = detector.detect(text, hint=lang if declared else None)
    assert (guess.lang, guess.method) == (lang, "lingua")
    assert guess.confidence > 0.9
    # lingua read one sample, the first read only: the start of the text, cut at a word boundary.
    assert len(samples) == 1
    assert len(samples[0]) <= (_FIRST_CHARS if declared else _UNHINTED_CHARS)
    assert text.startswith(samples[0]) and text[len(samples[0])] == " "


@pytest.mark.parametrize("lang", sorted(LONG_NEWS))
def test_whichever_sentence_comes_first(detector: LanguageDetector, lang: str) -> None:
    sentences = _sentences(LONG_NEWS[lang])
    for start in range(len(sentences)):
        text = " ".join(sentences[start:] + sentences[:start])
        assert detector.detect(text).lang == lang, (start, text[:80])


@pytest.mark.parametrize("lang", sorted(LONG_NEWS))
def test_a_wrong_hint_does_not_override_a_long_text(detector: LanguageDetector,
                                                    lang: str) -> None:
    wrong = {"ru": "uk", "uk": "ru", "be": "ru", "bg": "ru", "kk": "ru", "pl": "cs",
             "cs": "sk", "sk": "cs"}[lang]
    guess = detector.detect(LONG_NEWS[lang], hint=wrong)
    assert (guess.lang, guess.method) == (lang, "lingua")

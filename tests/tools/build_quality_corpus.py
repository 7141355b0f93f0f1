"""Build tests/quality/corpus/: the article texts of ``quality_texts`` wrapped in six page layouts
seen on real news sites, each with boilerplate inside the article area (share bars, "read also"
links between paragraphs, banners, promos, tag lists, comment threads, related headlines).

Run ``python tests/tools/build_quality_corpus.py`` after changing a text or a layout, then
re-record the floors: ``python -m tests.quality.score --record`` (see tests/quality/README.md).
Output is deterministic."""

from __future__ import annotations

import html
import json
import random
import shutil
from collections.abc import Callable
from pathlib import Path

from quality_texts import ARTICLES

OUT = Path(__file__).parents[1] / "quality" / "corpus"

# (home, news, read also, related, subscribe promo, share, comments, comment 1, comment 2,
#  advertisement, cookie banner, most read, tags, rights)
_EN = ("Home", "News", "Read also", "Related stories",
       "Get the morning briefing in your inbox: sign up for our free newsletter today.",
       "Share", "Comments", "Great to finally see some good news from our area, well done.",
       "I have been saying this for years and nobody listened until now.",
       "Advertisement", "We use cookies to improve your experience. Accept all cookies.",
       "Most read", "Tags", "All rights reserved.")
BOILER: dict[str, tuple[str, ...]] = {
    "en": _EN,
    "ru": ("Главная", "Новости", "Читайте также", "Похожие материалы",
           "Подписывайтесь на наш канал в Телеграме, чтобы первыми узнавать главные новости.",
           "Поделиться", "Комментарии", "Наконец-то хоть что-то делают для людей, спасибо.",
           "А почему об этом не написали раньше? Всё как всегда, ничего не изменится.",
           "Реклама", "Мы используем файлы cookie. Продолжая работу с сайтом, вы соглашаетесь.",
           "Самое читаемое", "Теги", "Все права защищены."),
    "uk": ("Головна", "Новини", "Читайте також", "Схожі матеріали",
           "Підписуйтеся на наш телеграм-канал, щоб першими дізнаватися головні новини.",
           "Поділитися", "Коментарі", "Нарешті хоч щось роблять для людей, дякуємо.",
           "Чому про це не писали раніше? Як завжди, нічого не зміниться.",
           "Реклама", "Ми використовуємо файли cookie. Продовжуючи, ви погоджуєтеся.",
           "Найпопулярніше", "Теги", "Усі права захищено."),
    "be": ("Галоўная", "Навіны", "Чытайце таксама", "Падобныя матэрыялы",
           "Падпісвайцеся на наш канал, каб першымі даведвацца галоўныя навіны.",
           "Падзяліцца", "Каментары", "Нарэшце нешта робяць для людзей, дзякуй.",
           "Чаму пра гэта не пісалі раней? Як заўсёды, нічога не зменіцца.",
           "Рэклама", "Мы выкарыстоўваем файлы cookie. Працягваючы, вы згаджаецеся.",
           "Самае чытанае", "Тэгі", "Усе правы абаронены."),
    "bg": ("Начало", "Новини", "Прочетете още", "Свързани статии",
           "Абонирайте се за нашия бюлетин и научавайте първи най-важните новини.",
           "Сподели", "Коментари", "Най-накрая нещо се прави за хората, браво.",
           "Защо не писахте за това по-рано? Както винаги, нищо няма да се промени.",
           "Реклама", "Използваме бисквитки. Продължавайки, вие се съгласявате.",
           "Най-четени", "Етикети", "Всички права запазени."),
    "kk": ("Басты бет", "Жаңалықтар", "Сондай-ақ оқыңыз", "Ұқсас материалдар",
           "Басты жаңалықтарды бірінші білу үшін телеграм арнамызға жазылыңыз.",
           "Бөлісу", "Пікірлер", "Ақыры адамдар үшін бірдеңе жасалып жатыр, рахмет.",
           "Бұл туралы неге бұрын жазбадыңыздар? Бәрі бұрынғыдай қалады.",
           "Жарнама", "Біз cookie файлдарын қолданамыз. Жалғастыра отырып, келісесіз.",
           "Ең көп оқылған", "Тегтер", "Барлық құқықтар қорғалған."),
    "pl": ("Strona główna", "Wiadomości", "Czytaj także", "Zobacz również",
           "Zapisz się na nasz newsletter i otrzymuj najważniejsze informacje każdego ranka.",
           "Udostępnij", "Komentarze", "Wreszcie coś się dzieje w naszym mieście, brawo.",
           "Od lat o tym mówię i nikt nie słuchał, dopiero teraz się obudzili.",
           "Reklama", "Używamy plików cookie. Korzystając ze strony, wyrażasz zgodę.",
           "Najczęściej czytane", "Tagi", "Wszelkie prawa zastrzeżone."),
    "cs": ("Domů", "Zprávy", "Čtěte také", "Související články",
           "Přihlaste se k odběru našeho newsletteru a dostávejte nejdůležitější zprávy.",
           "Sdílet", "Diskuse", "Konečně se u nás něco děje, to je skvělá zpráva.",
           "Proč se o tom nepsalo dříve? Jako vždy se nic nezmění.",
           "Reklama", "Používáme soubory cookie. Pokračováním souhlasíte.",
           "Nejčtenější", "Štítky", "Všechna práva vyhrazena."),
    "sk": ("Domov", "Správy", "Čítajte aj", "Súvisiace články",
           "Prihláste sa na odber nášho newslettera a dostávajte najdôležitejšie správy.",
           "Zdieľať", "Diskusia", "Konečne sa u nás niečo deje, to je skvelá správa.",
           "Prečo sa o tom nepísalo skôr? Ako vždy sa nič nezmení.",
           "Reklama", "Používame súbory cookie. Pokračovaním súhlasíte.",
           "Najčítanejšie", "Štítky", "Všetky práva vyhradené."),
    "de": ("Startseite", "Nachrichten", "Lesen Sie auch", "Mehr zum Thema",
           "Abonnieren Sie unseren Newsletter und erhalten Sie die wichtigsten Nachrichten.",
           "Teilen", "Kommentare", "Endlich passiert hier mal etwas, das freut mich sehr.",
           "Das hätte man schon vor Jahren machen müssen, aber besser spät als nie.",
           "Anzeige", "Wir verwenden Cookies. Mit der Nutzung stimmen Sie zu.",
           "Meistgelesen", "Schlagworte", "Alle Rechte vorbehalten."),
    "fr": ("Accueil", "Actualités", "À lire aussi", "Sur le même sujet",
           "Abonnez-vous à notre lettre d'information pour recevoir l'essentiel de l'actualité.",
           "Partager", "Commentaires", "Enfin une bonne nouvelle pour notre ville, bravo.",
           "Il aurait fallu le faire il y a des années, mais mieux vaut tard que jamais.",
           "Publicité", "Nous utilisons des cookies. En poursuivant, vous acceptez.",
           "Les plus lus", "Mots-clés", "Tous droits réservés."),
    "es": ("Inicio", "Noticias", "Lee también", "Noticias relacionadas",
           "Suscríbete a nuestro boletín y recibe cada mañana las noticias más importantes.",
           "Compartir", "Comentarios",
           "Por fin una buena noticia para nuestro pueblo, enhorabuena.",
           "Esto se tendría que haber hecho hace años, pero más vale tarde que nunca.",
           "Publicidad", "Utilizamos cookies. Al continuar navegando, aceptas su uso.",
           "Lo más leído", "Etiquetas", "Todos los derechos reservados."),
}

Layout = Callable[[str, str, list[str], tuple[str, ...], list[str], random.Random], str]
e = html.escape


def _head(lang: str, title: str, site: str, extra: str = "", rtl: bool = False) -> str:
    direction = ' dir="rtl"' if rtl else ""
    return (f'<!DOCTYPE html>\n<html lang="{lang}"{direction}>\n<head>\n<meta charset="utf-8">\n'
            f"<title>{e(title)} — {site}</title>\n{extra}</head>\n")


def _nav(b: tuple[str, ...]) -> str:
    return (f'<header><div class="logo"><a href="/">{e(b[0])}</a></div><nav><ul>'
            f'<li><a href="/news/">{e(b[1])}</a></li><li><a href="/sport/">Sport</a></li>'
            f'<li><a href="/culture/">Culture</a></li></ul></nav></header>\n')


def _comments(b: tuple[str, ...], rng: random.Random) -> str:
    people = ["ivan_k", "marta77", "old_reader", "sasha", "guest"]
    items = "".join(
        f'<div class="comment"><div class="comment-author">{rng.choice(people)}</div>'
        f'<div class="comment-date">2 h</div><p>{e(text)}</p>'
        f'<a class="reply" href="#">↩</a></div>\n' for text in (b[7], b[8]))
    return f'<section class="comments" id="comments"><h3>{e(b[6])} (2)</h3>\n{items}</section>\n'


def portal(lang: str, title: str, paras: list[str], b: tuple[str, ...], other: list[str],
           rng: random.Random) -> str:
    """Russian-portal style: share bar, "read also" and a banner between paragraphs, a promo,
    tags and a comment thread, all inside <article>."""
    body = [f"<p>{e(paras[0])}</p>",
            f'<div class="read-also"><strong>{e(b[2])}:</strong> '
            f'<a href="/news/{rng.randint(100, 999)}">{e(other[0])}</a></div>']
    for n, para in enumerate(paras[1:], 1):
        body.append(f"<p>{e(para)}</p>")
        if n == 1:
            body.append(f'<div class="banner"><span>{e(b[9])}</span>'
                        f'<a href="/ad"><img src="/ad.jpg" alt="{e(b[9])}"></a></div>')
    return (_head(lang, title, "Portal") + "<body>\n" + _nav(b)
            + f'<main><article class="post">\n<div class="breadcrumbs"><a href="/">{e(b[0])}</a>'
            f' / <a href="/news/">{e(b[1])}</a></div>\n<h1>{e(title)}</h1>\n'
            '<div class="meta"><time datetime="2024-03-12T10:15:00+03:00">12.03.2024, 10:15'
            f'</time></div>\n<div class="share">{e(b[5])}: <a href="#">VK</a> '
            '<a href="#">Telegram</a> <a href="#">WhatsApp</a></div>\n'
            '<div class="article-text">\n' + "\n".join(body) + "\n</div>\n"
            f'<div class="promo"><p>{e(b[4])}</p></div>\n'
            f'<div class="tags">{e(b[12])}: <a href="/t/1">{e(b[1])}</a></div>\n'
            + _comments(b, rng) + "</article>\n"
            f'<aside class="popular"><h3>{e(b[11])}</h3><ul>'
            + "".join(f'<li><a href="/n/{i}">{e(t)}</a></li>' for i, t in enumerate(other))
            + f"</ul></aside></main>\n<footer><p>© 2024 Portal. {e(b[13])}</p></footer>\n"
            "</body>\n</html>\n")


def magazine(lang: str, title: str, paras: list[str], b: tuple[str, ...], other: list[str],
             rng: random.Random) -> str:
    """Magazine style: a figure with a caption, a related box and a newsletter form inside the
    body, an author bio after it; the cookie banner first."""
    related = (f'<aside class="related"><h4>{e(b[3])}</h4><ul>'
               + "".join(f'<li><a href="/story/{i}">{e(t)}</a></li>' for i, t in enumerate(other))
               + "</ul></aside>")
    parts = [f"<p>{e(p)}</p>" for p in paras]
    parts.insert(1, '<figure><img src="/photo.jpg" alt=""><figcaption>Photo: Press service'
                    "</figcaption></figure>")
    parts.insert(3, related)
    parts.append(f'<form class="newsletter"><p>{e(b[4])}</p><input type="email">'
                 "<button>OK</button></form>")
    return (_head(lang, title, "Magazine", '<meta property="og:type" content="article">\n')
            + f'<body>\n<div id="cookie-consent"><p>{e(b[10])}</p><button>OK</button></div>\n'
            + _nav(b) + '<div class="content"><div class="article">\n'
            f'<h1 class="headline">{e(title)}</h1>\n<div class="byline">Maria Novak, '
            '14 March 2024</div>\n<div class="article-body">\n' + "\n".join(parts)
            + '\n</div>\n<div class="author-bio"><img src="/a.jpg" alt=""><span>Maria Novak '
            "— editor, writes about cities and transport.</span></div>\n</div></div>\n"
            f"<footer>{e(b[13])}</footer>\n</body>\n</html>\n")


def div_soup(lang: str, title: str, paras: list[str], b: tuple[str, ...], other: list[str],
             rng: random.Random) -> str:
    """Paragraphs as <div>s with <br>s, an inline ad slot and a "most read" widget in the
    middle of the text column."""
    parts = [f'<div class="txt">{e(p)}<br></div>' for p in paras]
    parts.insert(2, f'<div class="adslot">{e(b[9])}</div><div class="widget"><b>{e(b[11])}'
                    "</b>" + "".join(f'<div><a href="/x/{i}">{e(t)}</a></div>'
                                     for i, t in enumerate(other[:2])) + "</div>")
    return (_head(lang, title, "Daily") + "<body>\n" + _nav(b)
            + f'<div id="main"><div class="col-left"><h2 class="title">{e(title)}</h2>\n'
            f'<div class="date">2024-03-12</div>\n<div class="story-text">\n'
            + "\n".join(parts) + "\n</div>\n"
            f'<div class="social">{e(b[5])} <a href="#">f</a> <a href="#">x</a></div>\n'
            '</div><div class="col-right"><div class="box">'
            + "".join(f'<p><a href="/y/{i}">{e(t)}</a></p>' for i, t in enumerate(other))
            + f"</div></div></div>\n<div class=\"foot\">{e(b[13])}</div>\n</body>\n</html>\n")


def table_layout(lang: str, title: str, paras: list[str], b: tuple[str, ...],
                 other: list[str], rng: random.Random) -> str:
    """An old table layout: <font> headline, <br><br> between paragraphs, menus in cells."""
    text = "<br><br>\n".join(e(p) for p in paras)
    menu = "<br>".join(f'<a href="/m/{i}">{e(t)}</a>' for i, t in enumerate(other))
    return (_head(lang, title, "Vestnik") + '<body bgcolor="#ffffff">\n'
            '<table width="100%"><tr><td colspan="2"><a href="/">' + e(b[0]) + "</a> | "
            f'<a href="/news/">{e(b[1])}</a></td></tr>\n<tr><td width="200" valign="top">'
            f"<b>{e(b[11])}</b><br>{menu}</td>\n"
            f'<td valign="top"><font size="5"><b>{e(title)}</b></font><br>'
            f'<font size="1">12.03.2024</font><br><br>\n{text}<br><br>\n'
            f'<font size="1">{e(b[13])}</font></td></tr></table>\n</body>\n</html>\n')


def rtl_or_structured(lang: str, title: str, paras: list[str], b: tuple[str, ...],
                      other: list[str], rng: random.Random) -> str:
    """A JSON-LD news page (right-to-left where the script is): headline in the header,
    related headlines after the text but inside <main>, a share bar in the article."""
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle",
                     "headline": title, "datePublished": "2024-03-12T08:00:00Z"},
                    ensure_ascii=False)
    extra = f'<script type="application/ld+json">{ld}</script>\n'
    return (_head(lang, title, "News", extra, rtl=lang in ("ar", "he")) + "<body>\n" + _nav(b)
            + f'<main>\n<article>\n<header><h1>{e(title)}</h1><p class="dek"><time>'
            "2024-03-12</time></p></header>\n"
            + "\n".join(f"<p>{e(p)}</p>" for p in paras)
            + f'\n<ul class="share"><li><a href="#">{e(b[5])}</a></li><li>'
            '<a href="#">Facebook</a></li><li><a href="#">X</a></li></ul>\n</article>\n'
            f'<section class="more"><h2>{e(b[3])}</h2>'
            + "".join(f'<article class="teaser"><h3><a href="/r/{i}">{e(t)}</a></h3></article>'
                      for i, t in enumerate(other))
            + f"</section>\n</main>\n<footer>{e(b[13])}</footer>\n</body>\n</html>\n")


def blog(lang: str, title: str, paras: list[str], b: tuple[str, ...], other: list[str],
         rng: random.Random) -> str:
    """A blog-like news site: a lead in <strong>, a pull quote repeated from the text, "read
    also" at the end of the text, comments with nested replies inside the post."""
    quote = paras[1].split(".")[0] + "."
    parts = [f"<p><strong>{e(paras[0])}</strong></p>"]
    parts += [f"<p>{e(p)}</p>" for p in paras[1:]]
    parts.insert(2, f'<aside class="pullquote">{e(quote)}</aside>')
    parts.append(f'<p class="also">{e(b[2])}: <a href="/p/1">{e(other[-1])}</a></p>')
    return (_head(lang, title, "Blog") + "<body>\n" + _nav(b)
            + f'<div class="post">\n<h2 class="entry-title">{e(title)}</h2>\n'
            '<div class="entry-content">\n' + "\n".join(parts) + "\n</div>\n"
            + _comments(b, rng) + "</div>\n"
            f'<div class="sidebar"><h4>{e(b[11])}</h4>'
            + "".join(f'<p><a href="/s/{i}">{e(t)}</a></p>' for i, t in enumerate(other))
            + f"</div>\n<footer>{e(b[13])}</footer>\n</body>\n</html>\n")


LAYOUTS: tuple[Layout, ...] = (portal, magazine, div_soup, table_layout, rtl_or_structured,
                               blog)


def build() -> list[Path]:
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    written = []
    for n, (lang, title, paras) in enumerate(ARTICLES):
        rng = random.Random(n)
        others = [t for lg, t, _ in ARTICLES if t != title and lg == lang]
        others += [t for lg, t, _ in ARTICLES if lg == "en" and t != title][: 3 - len(others)]
        layout = LAYOUTS[n % len(LAYOUTS)]
        if lang in ("ar", "he"):
            layout = rtl_or_structured
        stem = f"{n + 1:02d}-{lang}-{layout.__name__.replace('_', '-')}"
        page = layout(lang, title, paras, BOILER.get(lang, _EN), others, rng)
        (OUT / f"{stem}.html").write_text(page, encoding="utf-8")
        expected = {"lang": lang, "title": title, "paragraphs": paras}
        (OUT / f"{stem}.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1)
                                          + "\n", encoding="utf-8")
        written.append(OUT / f"{stem}.html")
    return written


if __name__ == "__main__":
    print(f"wrote {len(build())} pages to {OUT}")

# ruff: noqa: E501  (prose data: wrapping the strings differently would only hurt reading)
"""Article texts of the extraction quality corpus: invented news stories, written for bbabo's tests,
in several languages and scripts. Each is (language, title, paragraphs).
``build_quality_corpus.py`` wraps them in page layouts full of boilerplate."""

from __future__ import annotations

ARTICLES: list[tuple[str, str, list[str]]] = [
    ("ru", "В Заречном открыли новый мост через реку Сосну", [
        "В пятницу в Заречном открыли движение по новому мосту через реку Сосну. Строительство "
        "продолжалось два года и обошлось городскому бюджету в один миллиард двести миллионов рублей.",
        "Новый мост длиной четыреста метров заменил старую переправу, которую закрыли весной после "
        "того, как инженеры обнаружили трещины в опорах.",
        "По словам мэра Андрея Лаптева, теперь жители правобережья будут добираться до центра "
        "города за десять минут вместо сорока.",
        "Следующим летом по мосту пустят два новых автобусных маршрута, а под ним обустроят "
        "набережную с велосипедной дорожкой.",
    ]),
    ("ru", "Школьники из Кирова победили на олимпиаде по программированию", [
        "Команда школьников из Кирова заняла первое место на всероссийской олимпиаде по "
        "программированию, обойдя больше трёхсот соперников из шестидесяти регионов.",
        "За пять часов ребята решили девять задач из десяти. Самой сложной оказалась задача о "
        "маршрутах доставки, которую не решила ни одна другая команда.",
        "Тренер команды Ольга Смирнова рассказала, что ученики готовились к соревнованию почти год "
        "и занимались по вечерам после уроков.",
        "Победители получат гранты на обучение и смогут без экзаменов поступить в ведущие "
        "технические университеты страны.",
    ]),
    ("ru", "Синоптики предупредили о сильных морозах на следующей неделе", [
        "Синоптики предупредили жителей области о резком похолодании: со среды ночная температура "
        "опустится до минус тридцати пяти градусов.",
        "Морозы продержатся как минимум до воскресенья. Специалисты советуют не оставлять машины на "
        "улице и по возможности отказаться от дальних поездок.",
        "Коммунальные службы переведены в режим повышенной готовности, а в школах младшие классы "
        "могут перевести на дистанционное обучение.",
    ]),
    ("ru", "Музей истории края получил в дар коллекцию старинных карт", [
        "Музей истории края получил в дар коллекцию из ста двадцати старинных карт, самой ранней из "
        "которых почти триста лет.",
        "Коллекцию собирал всю жизнь местный краевед Пётр Волков. После его смерти наследники "
        "решили передать карты музею, а не продавать их на аукционе.",
        "Реставраторы уже начали работу: часть карт сильно пострадала от влаги и требует "
        "бережной очистки.",
        "Первую выставку из двадцати самых интересных экземпляров планируют открыть весной.",
    ]),
    ("ru", "Фермеры собрали рекордный урожай гречихи", [
        "Фермеры района собрали рекордный урожай гречихи: в среднем по двадцать два центнера с "
        "гектара, почти вдвое больше, чем в прошлом году.",
        "Аграрии объясняют успех тёплой весной, своевременными дождями и новыми сортами, которые "
        "лучше переносят перепады температуры.",
        "Часть урожая отправят на экспорт, а остальное переработают на местном заводе, который "
        "этой осенью запустил вторую линию.",
    ]),
    ("uk", "У Житомирі відкрили оновлену бібліотеку для дітей", [
        "У Житомирі після двох років ремонту відкрили оновлену дитячу бібліотеку. Тепер у ній є "
        "зал для настільних ігор, студія звукозапису та читальня просто неба.",
        "Ремонт профінансували з міського бюджету та коштом міжнародного гранту на розвиток "
        "громадських просторів.",
        "Директорка бібліотеки Наталія Коваль каже, що вже першого дня записалися понад двісті "
        "нових читачів.",
        "Щосуботи тут проводитимуть безкоштовні заняття з програмування та малювання для "
        "школярів.",
    ]),
    ("uk", "Енергетики відновили живлення після негоди на Прикарпатті", [
        "Енергетики повністю відновили електропостачання в селах Прикарпаття, які залишилися без "
        "світла через сильний вітер і снігопад.",
        "Протягом трьох днів бригади працювали цілодобово: вони замінили понад сто зламаних опор "
        "і кілометри пошкоджених дротів.",
        "У компанії нагадують, що про обірвані лінії слід негайно повідомляти на гарячу лінію і "
        "в жодному разі не підходити до них.",
    ]),
    ("uk", "Київські науковці створили новий сорт пшениці", [
        "Науковці одного з київських інститутів створили новий сорт озимої пшениці, стійкий до "
        "посухи та морозів.",
        "Випробування тривали шість років на полях у різних областях країни. Урожайність нового "
        "сорту виявилася на п'ятнадцять відсотків вищою за звичайну.",
        "Перше насіння фермери зможуть придбати вже наступної осені.",
    ]),
    ("be", "У Гродне адкрылі новы парк на беразе Нёмана", [
        "У Гродне на беразе Нёмана адкрылі новы парк з дрэвамі, сцяжынкамі і дзіцячымі пляцоўкамі. "
        "Раней на гэтым месцы былі закінутыя склады.",
        "Праект распрацавалі мясцовыя архітэктары, а жыхары горада дапамаглі выбраць, якія "
        "дрэвы пасадзіць.",
        "Увечары парк асвятляюць сотні ліхтароў, а летам тут будуць праходзіць канцэрты пад "
        "адкрытым небам.",
    ]),
    ("be", "Беларускія школьнікі перамаглі на алімпіядзе па хіміі", [
        "Беларускія школьнікі заваявалі тры залатыя і адзін сярэбраны медаль на міжнароднай "
        "алімпіядзе па хіміі.",
        "У спаборніцтве ўдзельнічалі больш за трыста вучняў з васьмідзесяці краін. Заданні "
        "ўключалі тэарэтычны тур і складаныя лабараторныя доследы.",
        "Настаўнікі кажуць, што перамога стала вынікам многіх гадоў упартай працы і падтрымкі "
        "бацькоў.",
    ]),
    ("bg", "Община Пловдив ремонтира централните улици", [
        "Община Пловдив започна ремонт на централните улици, който ще продължи до края на "
        "лятото. Първият етап обхваща главната търговска улица.",
        "По време на ремонта движението ще бъде ограничено, а част от автобусните линии ще "
        "минават по обходни маршрути.",
        "Кметът обеща, че работите ще се извършват предимно през нощта, за да не пречат на "
        "търговците и туристите.",
    ]),
    ("bg", "Български учени откриха нов вид бръмбар в Родопите", [
        "Български учени откриха нов вид бръмбар в пещера в Родопите. Насекомото е сляпо и "
        "живее само в пълна тъмнина.",
        "Откритието е описано в международно научно списание след две години изследвания.",
        "Според биолозите пещерите в района крият още много неизвестни видове и трябва да бъдат "
        "защитени от туристическия натиск.",
    ]),
    ("kk", "Алматыда жаңа метро бекеті ашылды", [
        "Алматыда метроның жаңа бекеті ашылды. Құрылыс үш жылға созылып, қала бюджетінен "
        "қаржыландырылды.",
        "Жаңа бекет күн сайын он мыңнан астам жолаушыға қызмет көрсетеді деп күтілуде.",
        "Қала әкімдігінің айтуынша, келесі жылы тағы екі бекеттің құрылысы басталады.",
    ]),
    ("kk", "Қостанай облысында егін жинау аяқталды", [
        "Қостанай облысында егін жинау науқаны аяқталды. Фермерлер бидайдың мол өнімін жинады.",
        "Облыс бойынша орташа өнімділік гектарына он сегіз центнерді құрады, бұл өткен жылмен "
        "салыстырғанда әлдеқайда жоғары.",
        "Астықтың бір бөлігі шетелге экспортталады, ал қалғаны ішкі нарыққа жіберіледі.",
    ]),
    ("pl", "Gdańsk otworzył nowe centrum nauki dla dzieci", [
        "W Gdańsku otwarto nowe centrum nauki, w którym dzieci mogą samodzielnie przeprowadzać "
        "doświadczenia z fizyki, chemii i biologii.",
        "Budowa trwała trzy lata i kosztowała ponad sto milionów złotych. Większość pieniędzy "
        "pochodziła z funduszy europejskich.",
        "Już w pierwszy weekend centrum odwiedziło ponad pięć tysięcy osób, a bilety na "
        "najbliższe tygodnie są wyprzedane.",
        "Szkoły z regionu mogą rezerwować bezpłatne zajęcia dla swoich uczniów.",
    ]),
    ("pl", "Rolnicy z Podlasia protestują przeciwko niskim cenom mleka", [
        "Kilkuset rolników z Podlasia protestowało w czwartek przed urzędem wojewódzkim przeciwko "
        "niskim cenom skupu mleka.",
        "Hodowcy twierdzą, że obecne ceny nie pokrywają kosztów paszy i energii, a wiele małych "
        "gospodarstw może zbankrutować jeszcze w tym roku.",
        "Wojewoda obiecał przekazać postulaty protestujących ministrowi rolnictwa.",
    ]),
    ("cs", "Brno otevřelo novou tramvajovou trať do kampusu", [
        "V Brně v pondělí zahájila provoz nová tramvajová trať, která spojuje centrum města s "
        "univerzitním kampusem.",
        "Stavba trvala dva roky a stála přibližně dvě miliardy korun. Trať je dlouhá téměř čtyři "
        "kilometry a má šest nových zastávek.",
        "Dopravní podnik očekává, že tramvaje denně přepraví přes dvacet tisíc cestujících.",
    ]),
    ("cs", "Čeští vědci vyvinuli levnější test na boreliózu", [
        "Vědci z Prahy vyvinuli nový test na boreliózu, který je levnější a rychlejší než dosavadní "
        "metody.",
        "Výsledek je k dispozici do dvou hodin a test odhalí nákazu i v raném stadiu, kdy je léčba "
        "nejúčinnější.",
        "Lékaři by ho mohli začít používat již příští rok, pokud projde klinickým hodnocením.",
    ]),
    ("sk", "Košice dostanú nový krytý plavecký bazén", [
        "Mesto Košice podpísalo zmluvu na výstavbu nového krytého plaveckého bazéna, ktorý bude "
        "mať padesiatmetrový olympijský plavecký priestor.",
        "Stavba by sa mala začať na jar a skončiť o dva roky. Náklady presiahnu tridsať miliónov "
        "eur.",
        "Primátor uviedol, že bazén budú môcť bezplatne využívať žiaci základných škôl.",
    ]),
    ("en", "Coastal town votes to ban cars from its historic centre", [
        "Residents of Port Ellery have voted to ban private cars from the town's historic centre "
        "from next spring, after a referendum that drew the highest turnout in decades.",
        "Almost sixty per cent of voters backed the plan, which will turn the harbour front and "
        "the three streets around the market square into pedestrian zones.",
        "Shopkeepers were divided. Some fear losing customers who arrive by car, while others "
        "expect more visitors to linger once the traffic is gone.",
        "The council will build two park-and-ride sites on the edge of town and run a free "
        "electric shuttle every ten minutes.",
    ]),
    ("en", "Researchers map forgotten shipwrecks off the northern coast", [
        "Marine archaeologists have mapped more than forty shipwrecks off the northern coast, many "
        "of which had never been recorded.",
        "The team used an underwater drone fitted with sonar to survey the seabed over two summers, "
        "working from a converted fishing boat.",
        "Among the finds is a nineteenth-century cargo ship that vanished in a storm with its crew "
        "of twelve, according to records in the county archive.",
    ]),
    ("en", "Library lends out tools as well as books", [
        "The public library in Ashford has started lending tools, from drills and ladders to "
        "sewing machines, alongside its books.",
        "The scheme was suggested by a group of retired engineers who volunteer at the library "
        "and repair the tools when they come back damaged.",
        "More than three hundred items have been borrowed in the first month, and the library "
        "plans to add gardening equipment in the spring.",
    ]),
    ("de", "Leipzig baut neue Radwege entlang der Hauptstraßen", [
        "Die Stadt Leipzig will in den kommenden drei Jahren mehr als vierzig Kilometer neue "
        "Radwege entlang der Hauptstraßen bauen.",
        "Nach Angaben der Verwaltung sollen die Wege baulich vom Autoverkehr getrennt werden, um "
        "die Sicherheit der Radfahrer zu erhöhen.",
        "Der Einzelhandel befürchtet den Wegfall von Parkplätzen, während Umweltverbände das "
        "Vorhaben begrüßen.",
    ]),
    ("de", "Bäckerei im Allgäu gewinnt Preis für nachhaltiges Brot", [
        "Eine kleine Bäckerei im Allgäu ist für ihr nachhaltig hergestelltes Brot mit einem "
        "bundesweiten Preis ausgezeichnet worden.",
        "Das Mehl stammt ausschließlich von Bauern aus der Region, und der Ofen wird mit Abwärme "
        "aus einer benachbarten Käserei beheizt.",
        "Der Bäckermeister sagte, er wolle mit dem Preisgeld eine zweite Ausbildungsstelle "
        "schaffen.",
    ]),
    ("fr", "Une ville bretonne transforme une ancienne gare en médiathèque", [
        "La ville de Landerneau a inauguré samedi une médiathèque installée dans son ancienne gare "
        "de marchandises, abandonnée depuis vingt ans.",
        "Les architectes ont conservé la charpente métallique et les grandes verrières, qui "
        "laissent entrer la lumière dans les salles de lecture.",
        "Le maire espère que le lieu attirera aussi les habitants des communes voisines, qui ne "
        "disposent pas de bibliothèque.",
    ]),
    ("es", "Un pueblo de Teruel recupera su antigua escuela como centro cultural", [
        "El pueblo de Albarracín del Monte ha recuperado su antigua escuela, cerrada desde hace "
        "treinta años, como centro cultural para vecinos y visitantes.",
        "La rehabilitación ha sido posible gracias a la colaboración de los vecinos, que aportaron "
        "trabajo voluntario durante los fines de semana.",
        "El edificio acogerá talleres, exposiciones y un pequeño museo sobre la historia de la "
        "comarca.",
    ]),
    ("ar", "افتتاح أول محطة لتحلية المياه بالطاقة الشمسية في المدينة", [
        "افتتحت السلطات المحلية يوم الأحد أول محطة لتحلية مياه البحر تعمل بالطاقة الشمسية، وتبلغ "
        "قدرتها الإنتاجية عشرين ألف متر مكعب يوميا.",
        "وقال مدير المشروع إن المحطة ستوفر مياه الشرب لأكثر من مئة ألف نسمة في الأحياء الجنوبية.",
        "ويأمل المسؤولون أن تساعد المحطة على تقليل استهلاك الوقود وخفض تكاليف الكهرباء خلال "
        "أشهر الصيف الحارة.",
    ]),
    ("he", "בית ספר בגליל זכה בפרס ארצי על חינוך סביבתי", [
        "בית ספר יסודי בגליל זכה השבוע בפרס הארצי לחינוך סביבתי, לאחר שתלמידיו הקימו גינה "
        "קהילתית ומערכת לאיסוף מי גשמים.",
        "התלמידים מגדלים בגינה ירקות ותבלינים, והיבול נתרם לבית התמחוי המקומי.",
        "המנהלת אמרה כי הפרס יאפשר לבית הספר להרחיב את הפרויקט ולבנות חממה קטנה.",
    ]),
    ("zh", "城市新建的地铁线路正式开通运营", [
        "本市第六条地铁线路于周六正式开通运营，全长三十二公里，共设二十四座车站。",
        "该线路连接城市东部的居民区和西部的科技园区，预计每天运送乘客超过三十万人次。",
        "市交通局表示，开通初期列车每五分钟一班，高峰时段将加密至三分钟一班。",
    ]),
    ("ja", "地元の高校生が川の清掃活動で表彰される", [
        "市内の高校生のグループが、三年間続けてきた川の清掃活動で県から表彰された。",
        "生徒たちは毎月第二日曜日に集まり、これまでに二トン以上のごみを回収してきた。",
        "活動を始めた生徒は、川に魚が戻ってきたことが一番うれしいと話している。",
    ]),
    ("el", "Νέο πάρκο ανοίγει στην παραλία της Θεσσαλονίκης", [
        "Ένα νέο πάρκο με δέντρα, ποδηλατόδρομο και παιδικές χαρές άνοιξε στην παραλία της "
        "Θεσσαλονίκης μετά από δύο χρόνια εργασιών.",
        "Ο δήμαρχος δήλωσε ότι το έργο χρηματοδοτήθηκε κυρίως από ευρωπαϊκά κονδύλια.",
        "Οι κάτοικοι της περιοχής ζητούσαν εδώ και χρόνια έναν χώρο πρασίνου κοντά στη θάλασσα.",
    ]),
]

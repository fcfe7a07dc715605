"""Seeds the basic strategies and measures of the Tochigi international strategy FY2026-FY2030.

Source: shared/seeds/tochigi-international-strategy-2026-2030-summary.vi.txt (the Vietnamese summary); the
Japanese and English names are our translations. Descriptions hold each measure's objectives.
"""

from django.db import migrations

STRATEGIES = [
    (
        1,
        "国際市場の需要を取り込み、力強い経済をつくる",
        "Build a strong economy by capturing demand from international markets",
        "Tận dụng nhu cầu từ thị trường quốc tế để xây dựng nền kinh tế vững mạnh",
        [
            (
                "県内企業の海外展開の促進",
                "Promote overseas expansion of companies in the prefecture",
                "Thúc đẩy hoạt động mở rộng ra thị trường nước ngoài của các doanh nghiệp trong tỉnh",
                "海外展開に取り組む県内企業の掘り起こしと促進。県産品（加工食品、工業製品等）の輸出拡大。",
                "Find and encourage companies in the prefecture to expand abroad; grow exports of the prefecture's"
                " products (processed food, industrial goods, ...).",
                "Tìm kiếm và khuyến khích các doanh nghiệp trong tỉnh tham gia mở rộng hoạt động ra thị trường nước"
                " ngoài. Mở rộng xuất khẩu các sản phẩm của tỉnh (như thực phẩm chế biến, sản phẩm công nghiệp, v.v.).",
            ),
            (
                "県産農産物の輸出促進",
                "Promote exports of the prefecture's agricultural products",
                "Đẩy mạnh xuất khẩu nông sản của tỉnh",
                "海外市場での需要喚起と販路拡大。輸出に取り組む産地の育成。",
                "Stimulate demand in overseas markets and widen sales channels; develop export-oriented producing areas.",
                "Kích thích nhu cầu ở thị trường nước ngoài và mở rộng kênh phân phối. Hình thành và phát triển các"
                " vùng sản xuất hướng tới xuất khẩu.",
            ),
            (
                "外国人観光客の誘客促進",
                "Attract more international visitors",
                "Đẩy mạnh hoạt động thu hút khách du lịch nước ngoài",
                "外国人観光客による消費額の拡大。",
                "Increase spending by international visitors.",
                "Tăng chi tiêu từ khách du lịch nước ngoài.",
            ),
            (
                "外資系企業の誘致促進",
                "Attract foreign companies to invest in the prefecture",
                "Thúc đẩy thu hút các công ty nước ngoài đầu tư vào tỉnh",
                "政府機関や海外のパートナー機関と連携した企業誘致の促進。",
                "Attract companies together with government agencies and international partner organisations.",
                "Thúc đẩy thu hút doanh nghiệp bằng việc phối hợp với các cơ quan chính phủ và tổ chức đối tác quốc tế.",
            ),
        ],
    ),
    (
        2,
        "外国人材の確保・育成",
        "Secure and develop foreign talent",
        "Bảo đảm và phát triển nguồn nhân lực nước ngoài",
        [
            (
                "外国人材の受入環境の整備",
                "Improve the environment for receiving foreign workers",
                "Tăng cường xây dựng và hoàn thiện môi trường hỗ trợ tiếp nhận lao động nước ngoài",
                "企業・団体による外国人材の適正かつ円滑な受入れの促進。外国人材の定着・就労継続の支援。",
                "Help companies and organisations receive foreign workers properly and smoothly; help foreign workers"
                " settle and stay in work.",
                "Khuyến khích các doanh nghiệp và tổ chức tiếp nhận người lao động nước ngoài một cách đúng quy định và"
                " hiệu quả. Hỗ trợ người lao động nước ngoài gắn bó lâu dài và duy trì công việc.",
            ),
            (
                "外国人材の確保",
                "Secure foreign talent",
                "Bảo đảm nguồn nhân lực nước ngoài",
                "企業・団体のニーズに基づく外国人材の確保。",
                "Secure foreign talent according to the needs of companies and organisations.",
                "Bảo đảm nguồn nhân lực nước ngoài dựa trên nhu cầu của các doanh nghiệp và tổ chức.",
            ),
            (
                "外国人材の育成",
                "Train and develop foreign talent",
                "Công tác đào tạo và phát triển nguồn nhân lực người nước ngoài",
                "外国人材のコミュニケーション能力と職業能力の向上。",
                "Improve the communication and vocational skills of foreign talent.",
                "Nâng cao năng lực giao tiếp và kỹ năng nghề nghiệp của nguồn nhân lực người nước ngoài.",
            ),
        ],
    ),
    (
        3,
        "海外との関係強化",
        "Strengthen relations with other countries",
        "Tăng cường quan hệ với các quốc gia nước ngoài",
        [
            (
                "経済交流・協力の推進",
                "Promote economic exchange and cooperation",
                "Thúc đẩy giao lưu, hợp tác kinh tế",
                "県内全域の企業・団体など民間主体の交流の促進。",
                "Encourage exchange led by the private sector, companies and organisations across the prefecture.",
                "Thúc đẩy các hoạt động giao lưu do khu vực tư nhân làm chủ thể, bao gồm doanh nghiệp và các tổ chức"
                " trong phạm vi toàn tỉnh.",
            ),
            (
                "友好交流の推進",
                "Promote friendship exchange",
                "Thúc đẩy giao lưu hữu nghị",
                "友好交流の地域への波及と、経済交流・協力への発展。",
                "Spread friendship exchange into local communities and develop it into economic exchange and"
                " cooperation.",
                "Thúc đẩy việc lan tỏa các hoạt động giao lưu hữu nghị tới cộng đồng địa phương, đồng thời phát triển"
                " thành hợp tác, giao lưu kinh tế.",
            ),
            (
                "「とちぎ型大使館外交」の推進",
                "Promote “Tochigi-style embassy diplomacy”",
                "Thúc đẩy “ngoại giao đại sứ quán theo mô hình Tochigi”",
                "有望な国との関係構築と交流・協力の促進。",
                "Build relations with promising countries and promote exchange and cooperation with them.",
                "Xây dựng quan hệ với các quốc gia có tiềm lực, đồng thời thúc đẩy các hoạt động giao lưu, hợp tác.",
            ),
            (
                "国際意識の醸成",
                "Foster international awareness",
                "Bồi dưỡng, nâng cao tư duy và nhận thức mang tính quốc tế",
                "県民の国際意識の醸成。",
                "Raise the international awareness of residents.",
                "Bồi dưỡng, nâng cao nhận thức của người dân trong tỉnh.",
            ),
            (
                "国際協力の推進",
                "Promote international cooperation",
                "Thúc đẩy hợp tác quốc tế",
                "JICAとの連携による活動と情報発信の強化。",
                "Strengthen activities and communication together with JICA.",
                "Thúc đẩy các hoạt động và tăng cường công tác truyền thông, cung cấp thông tin thông qua việc phối hợp"
                " với JICA.",
            ),
            (
                "学校教育におけるグローバル人材の育成",
                "Develop global talent through school education",
                "Thúc đẩy đào tạo, phát triển nguồn nhân lực có năng lực hội nhập quốc tế trong lĩnh vực giáo dục học"
                " đường",
                "グローバル社会で活躍できる人材の育成。",
                "Develop people able to play a part in a global society.",
                "Đào tạo, phát triển nguồn nhân lực có năng lực đảm đương vai trò trong xã hội toàn cầu.",
            ),
        ],
    ),
    (
        4,
        "日本人と外国人が共生する社会の実現",
        "Build a society where Japanese and foreign residents live together",
        "Thực hiện một xã hội cùng chung sống giữa người Nhật Bản và người nước ngoài",
        [
            (
                "外国人相談体制の充実",
                "Strengthen consultation and support for foreign residents",
                "Tăng cường hệ thống tư vấn, hỗ trợ dành cho người nước ngoài",
                "増加する外国人の生活相談等への対応の充実。",
                "Respond better to the growing number of consultations on daily life from foreign residents.",
                "Tăng cường ứng phó, giải quyết các nhu cầu tư vấn đời sống và các vấn đề liên quan của cộng đồng người"
                " nước ngoài đang ngày càng gia tăng.",
            ),
            (
                "多言語等による情報発信の推進",
                "Provide information in many languages and formats",
                "Thúc đẩy việc cung cấp và truyền tải thông tin bằng nhiều ngôn ngữ và các hình thức đa dạng",
                "生活に必要な情報を入手できる環境の整備（多言語・やさしい日本語）。",
                "Make sure residents can obtain the information they need for daily life (many languages, easy"
                " Japanese).",
                "Hoàn thiện môi trường giúp người dân có thể tiếp cận và thu thập các thông tin cần thiết cho đời sống.",
            ),
            (
                "日本語教育の推進",
                "Promote Japanese-language education",
                "Thúc đẩy công tác giáo dục tiếng Nhật",
                "地域における日本語教育体制の整備。学校における日本語指導の充実。",
                "Build Japanese-language education in local communities; improve Japanese teaching in schools.",
                "Hoàn thiện hệ thống giáo dục tiếng Nhật tại cộng đồng địa phương. Tăng cường, nâng cao chất lượng công"
                " tác giảng dạy tiếng Nhật trong nhà trường.",
            ),
            (
                "外国人の防災・緊急時対応の強化",
                "Strengthen disaster preparedness and emergency response for foreign residents",
                "Tăng cường các biện pháp phòng, chống thiên tai và ứng phó khẩn cấp dành cho người nước ngoài",
                "災害時・緊急時における外国人の安全確保。",
                "Keep foreign residents safe in disasters and emergencies.",
                "Đảm bảo an toàn cho người nước ngoài trong các tình huống thiên tai và khẩn cấp.",
            ),
            (
                "外国人支援人材の確保・育成",
                "Secure and train people who support foreign residents",
                "Đảm bảo và đào tạo nguồn nhân lực phục vụ công tác hỗ trợ người nước ngoài",
                "言語等の壁を抱える外国人に寄り添い支援する人材の確保・育成。",
                "Find and train people who stand by foreign residents facing language and other barriers.",
                "Đảm bảo và đào tạo các cá nhân, lực lượng đồng hành, hỗ trợ người nước ngoài đang gặp rào cản về ngôn"
                " ngữ và các khó khăn khác trong cuộc sống.",
            ),
            (
                "日本人と外国人の相互理解の促進",
                "Promote mutual understanding between Japanese and foreign residents",
                "Thúc đẩy sự hiểu biết lẫn nhau giữa người Nhật và người nước ngoài",
                "地域社会の安全・安心な暮らしの確保。",
                "Keep life in local communities safe and secure.",
                "Đảm bảo cuộc sống an toàn và yên tâm cho cộng đồng địa phương.",
            ),
            (
                "外国人の地域社会への参画促進",
                "Encourage foreign residents to take part in local communities",
                "Thúc đẩy việc người nước ngoài tham gia vào các hoạt động cộng đồng địa phương",
                "地域社会における外国人の活躍の促進。",
                "Encourage foreign residents to play an active part in local communities.",
                "Thúc đẩy vai trò và sự đóng góp tích cực của người nước ngoài tại cộng đồng địa phương.",
            ),
        ],
    ),
]


def seed(apps, schema_editor):
    BasicStrategy = apps.get_model("relations", "BasicStrategy")
    Measure = apps.get_model("relations", "Measure")
    for number, name_ja, name_en, name_vi, measures in STRATEGIES:
        strategy, _created = BasicStrategy.objects.update_or_create(
            number=number,
            defaults={"name_ja": name_ja, "name_en": name_en, "name_vi": name_vi},
        )
        for index, (m_ja, m_en, m_vi, d_ja, d_en, d_vi) in enumerate(measures, start=1):
            Measure.objects.update_or_create(
                strategy=strategy,
                number=index,
                defaults={
                    "name_ja": m_ja,
                    "name_en": m_en,
                    "name_vi": m_vi,
                    "description_ja": d_ja,
                    "description_en": d_en,
                    "description_vi": d_vi,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("relations", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]

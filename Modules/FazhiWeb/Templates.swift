import Mustache

// The pages' templates and the style sheet, kept in Swift source so the one `fazhi` binary carries
// them (an installed or packaged binary has no resource bundle beside it). Mustache escapes every
// {{value}} for HTML; no template uses the unescaped {{{…}}} form.

enum Templates {
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        for (name, text) in sources {
            // The templates are constants of this file: a parse error is a programming error caught by every test.
            try! library.register(text, named: name)
        }
        return library
    }()

    static func render(_ name: String, _ context: [String: Any]) -> String {
        library.render(clean(context) ?? [:], withTemplate: name) ?? ""
    }

    /// The context as the templates read it: optionals unwrapped and nil values dropped (a nil in an
    /// `Any` would render as "nil"), and beside every list `k` a flag `any_k` that it is not empty (for a
    /// heading or a wrapper shown only when there is something in it).
    static func clean(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional {
            guard let wrapped = mirror.children.first?.value else { return nil }
            return clean(wrapped)
        }
        if let dictionary = value as? [String: Any] {
            var out: [String: Any] = [:]
            for (key, item) in dictionary {
                guard let item = clean(item) else { continue }
                out[key] = item
                if let list = item as? [Any] { out["any_\(key)"] = !list.isEmpty }
            }
            return out
        }
        if let list = value as? [Any] { return list.compactMap(clean) }
        return value
    }

    static let sources: [String: String] = [
        "layout": layout, "login": login, "home": home, "unit": unit, "queue": queue, "review": review,
        "dashboard": dashboard, "users": users, "audit": audit, "message": message,
        "campaigns": campaigns, "setup": setup, "rectify": rectify, "units": units,
    ]

    static let layout = #"""
    <!DOCTYPE html>
    <html lang="zh-CN">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{{title}} · 法治政府建设考核</title>
    <link rel="stylesheet" href="/static/app.css">
    </head>
    <body>
    <header class="top">
      <a class="brand" href="/">法治政府建设考核</a>
      {{#session}}
      <nav>
        {{#isOffice}}<a href="/campaigns">考核设置</a><a href="/units">单位</a><a href="/users">用户</a><a href="/audit">审计日志</a>{{/isOffice}}
        <span class="who">{{name}}（{{roleName}}{{#userUnit}} · {{userUnit}}{{/userUnit}}）</span>
        <form method="post" action="/logout" class="inline"><input type="hidden" name="_csrf" value="{{csrf}}"><button class="link">退出</button></form>
      </nav>
      {{/session}}
    </header>
    <main>
    {{#flash}}<p class="flash">{{flash}}</p>{{/flash}}
    {{#any_errors}}<div class="errors" role="alert"><p>请改正以下问题后再保存：</p><ul>{{#errors}}<li>{{.}}</li>{{/errors}}</ul></div>{{/any_errors}}
    {{$body}}{{/body}}
    </main>
    <footer>Fazhi · 数据保存在本机的考核库中</footer>
    </body>
    </html>
    """#

    static let login = #"""
    {{<layout}}{{$body}}
    <section class="card narrow">
      <h1>登录</h1>
      {{#error}}<p class="errors">{{error}}</p>{{/error}}
      <form method="post" action="/login">
        <input type="hidden" name="_csrf" value="{{loginToken}}">
        <label>用户名<input name="name" autocomplete="username" required value="{{name}}"></label>
        <label>密码<input name="password" type="password" autocomplete="current-password" required></label>
        <button>登录</button>
      </form>
      <p class="hint">账号由法治办用 <code>fazhi user add</code> 建立；没有默认密码。</p>
    </section>
    {{/body}}{{/layout}}
    """#

    static let home = #"""
    {{<layout}}{{$body}}
    <h1>考核</h1>
    {{^campaigns}}<p>还没有考核。{{#isOffice}}在<a href="/campaigns">考核设置</a>中建立考核（或用 <code>fazhi campaign create</code>）。{{/isOffice}}</p>{{/campaigns}}
    <table>
      <thead><tr><th>考核</th><th>年度</th><th>规则集</th><th>报送截止</th><th>状态</th><th></th></tr></thead>
      <tbody>
      {{#campaigns}}
      <tr><td>{{name}}</td><td>{{year}}</td><td>{{ruleset}}</td><td>{{deadline}}</td><td>{{status}}</td>
          <td class="actions">{{#links}}<a class="button" href="{{href}}">{{label}}</a> {{/links}}</td></tr>
      {{/campaigns}}
      </tbody>
    </table>
    {{/body}}{{/layout}}
    """#

    static let unit = #"""
    {{<layout}}{{$body}}
    <p class="crumbs"><a href="/">考核</a> › {{campaignName}}</p>
    <h1>{{unitName}} · 填报</h1>
    <section class="status state-{{state}}">
      <p>状态：<strong>{{stateName}}</strong>{{#version}}（第 {{version}} 版）{{/version}}{{#deadline}} · 报送截止 {{deadline}}{{/deadline}} · {{progress}}</p>
      {{#draftSaved}}<p>有已保存、尚未报送的修改（{{draftSaved}}）。</p>{{/draftSaved}}
      {{#returned}}<div class="returned"><p><strong>已退回</strong>（{{at}}，{{by}}）：</p><p class="pre">{{reason}}</p></div>{{/returned}}
      {{#lockedReason}}<p>{{lockedReason}}</p>{{/lockedReason}}
      {{#fromWorkbook}}<p class="flash">{{fromWorkbook}}</p>{{/fromWorkbook}}
    </section>
    <section class="card workbook">
      <p><a class="button secondary" href="{{templateHref}}">下载 Excel 填报模板</a> <span class="hint">已填的数据一并写入；可在 Excel 或 WPS 中填写后读入本页。</span></p>
      {{^locked}}<form method="post" action="{{workbookAction}}" enctype="multipart/form-data">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <label class="field upload">读入填好的模板（.xlsx，只含本单位）<input type="file" name="workbook" accept=".xlsx"></label>
        <button class="small secondary">读入</button>
      </form>{{/locked}}
    </section>
    {{#result}}
    <section class="card result">
      <h2>通报结果（第 {{version}} 次通报）</h2>
      <div class="figures">
        <div><span class="big">{{score}}</span><span>得分</span></div>
        <div><span class="big grade">{{grade}}</span><span>等次</span></div>
        <div><span class="big">{{rank}} / {{peers}}</span><span>同级（{{level}}）排名</span></div>
        <div><span class="big">{{met}} / {{counted}}</span><span>达到的指标</span></div>
      </div>
      {{#gap}}<p class="gap">{{summary}}</p>{{#any_steps}}<ol class="steps">{{#steps}}<li>{{number}} {{title}}（{{state}}，{{gain}}）</li>{{/steps}}</ol>{{/any_steps}}{{/gap}}
      {{^gap}}<p class="gap">{{noGap}}。</p>{{/gap}}
      <p><a class="button secondary" href="{{feedbackHref}}">反馈意见（Word）</a></p>
      {{#any_tasks}}<h3 id="tasks">整改任务</h3>
      {{#tasks}}<div class="task state-{{state}}" id="task-{{id}}">
        <p><strong>{{indicator}}</strong> · {{stateName}}{{#overdue}} <span class="late">逾期</span>{{/overdue}} · 期限 {{deadline}} · 责任单位 {{owner}}</p>
        {{#answer}}<p class="hint">最近答复：<span class="pre">{{answer}}</span></p>{{/answer}}
        {{#any_files}}<ul class="files">{{#files}}<li><a href="{{href}}">{{name}}</a> <span class="hint">{{size}}</span></li>{{/files}}</ul>{{/any_files}}
        {{#canAnswer}}<form method="post" action="{{action}}" enctype="multipart/form-data">
          <input type="hidden" name="_csrf" value="{{csrf}}">
          <label>整改情况<textarea name="text" rows="2" required></textarea></label>
          <label class="field upload">佐证材料（可选）<input type="file" name="file" multiple></label>
          <button class="small">报送答复</button>
        </form>{{/canAnswer}}
      </div>{{/tasks}}{{/any_tasks}}
    </section>
    {{/result}}
    <form method="post" action="{{action}}" enctype="multipart/form-data" class="items">
      <input type="hidden" name="_csrf" value="{{csrf}}">
      {{#groups}}
      <h2 class="group">{{number}} {{title}}</h2>
      {{#items}}
      <article class="item{{#note}} flagged{{/note}}" id="item-{{id}}">
        <header><span class="num">{{number}}</span> <strong>{{title}}</strong> <span class="kind">{{need}}</span></header>
        {{#text}}<p class="asked">{{text}}</p>{{/text}}
        <p class="req">要求：{{requirement}}{{#itemDeadline}} · 期限 {{itemDeadline}}{{/itemDeadline}}</p>
        {{#note}}<p class="note">审核意见：{{note}}</p>{{/note}}
        {{#fields}}
        <label class="field">{{label}}
          {{#isSelect}}<select name="{{name}}" {{#disabled}}disabled{{/disabled}}>{{#options}}<option value="{{value}}" {{#selected}}selected{{/selected}}>{{label}}</option>{{/options}}</select>{{/isSelect}}
          {{#isDate}}<input type="date" name="{{name}}" value="{{value}}" {{#disabled}}disabled{{/disabled}}>{{/isDate}}
          {{#isText}}<input name="{{name}}" value="{{value}}" inputmode="decimal" {{#disabled}}disabled{{/disabled}}> <span class="unit">{{unit}}</span>{{/isText}}
          {{#isNote}}<textarea name="{{name}}" rows="2" {{#disabled}}disabled{{/disabled}}>{{value}}</textarea>{{/isNote}}
        </label>
        {{#sharedWith}}<p class="hint">同一数字也用于 {{sharedWith}}</p>{{/sharedWith}}
        {{/fields}}
        {{#sameAs}}<p class="hint">所需数字见 {{sameAs}}</p>{{/sameAs}}
        {{#any_files}}<ul class="files">{{#files}}<li><a href="{{href}}">{{name}}</a> <span class="hint">{{size}} · 第 {{version}} 版</span></li>{{/files}}</ul>{{/any_files}}
        {{^locked}}<label class="field upload">上传佐证材料（PDF、图片、Word、Excel、OFD）<input type="file" name="f:{{id}}" multiple></label>{{/locked}}
      </article>
      {{/items}}
      {{/groups}}
      {{^locked}}
      <div class="submitbar">
        <button name="action" value="draft" class="secondary">保存草稿</button>
        <button name="action" value="submit">报送</button>
      </div>
      {{/locked}}
    </form>
    {{/body}}{{/layout}}
    """#

    static let queue = #"""
    {{<layout}}{{$body}}
    <p class="crumbs"><a href="/">考核</a> › {{campaignName}}</p>
    <h1>审核队列</h1>
    <table>
      <thead><tr><th>单位</th><th>状态</th><th>版本</th><th>更新时间</th><th></th></tr></thead>
      <tbody>
      {{#rows}}<tr class="state-{{state}}"><td>{{unitName}}（{{unitID}}）</td><td>{{stateName}}{{#late}} <span class="late">逾期</span>{{/late}}</td><td>{{version}}</td><td>{{updated}}</td>
        <td><a class="button" href="{{href}}">{{#waiting}}审核{{/waiting}}{{^waiting}}查看{{/waiting}}</a></td></tr>{{/rows}}
      {{^rows}}<tr><td colspan="5">没有分配给您的单位。</td></tr>{{/rows}}
      </tbody>
    </table>
    {{/body}}{{/layout}}
    """#

    static let review = #"""
    {{<layout}}{{$body}}
    <p class="crumbs"><a href="/">考核</a> › <a href="{{queueHref}}">{{campaignName}} 审核队列</a></p>
    <h1>{{unitName}} · 审核</h1>
    <section class="status state-{{state}}"><p>状态：<strong>{{stateName}}</strong>（第 {{version}} 版） · 自动评估：{{grade}}，{{score}}</p>
      {{#returned}}<p>上次退回（{{at}}，{{by}}）：<span class="pre">{{reason}}</span></p>{{/returned}}</section>
    <table class="review">
      <thead><tr><th>编号</th><th>指标</th><th>填报</th><th>佐证材料</th><th>自动评估</th><th>评定</th></tr></thead>
      <tbody>
      {{#items}}
      <tr id="item-{{id}}" class="outcome-{{outcome}}">
        <td class="num">{{number}}</td>
        <td><strong>{{title}}</strong><div class="hint">要求：{{requirement}}</div></td>
        <td>{{#figures}}<div>{{.}}</div>{{/figures}}{{^figures}}<span class="hint">—</span>{{/figures}}</td>
        <td>{{#files}}<div><a href="{{href}}" target="_blank" rel="noopener">{{name}}</a>{{#isImage}}<br><img src="{{href}}" alt="{{name}}" class="thumb">{{/isImage}}</div>{{/files}}</td>
        <td><span class="badge {{outcome}}">{{outcomeName}}</span><div class="reason">{{reason}}</div></td>
        <td>{{#assessed}}
          {{#verdicts}}<div class="hint">{{.}}</div>{{/verdicts}}{{#disagree}}<div class="disagree">评估人员意见不一致，待法治办决定</div>{{/disagree}}
          {{#canJudge}}<form method="post" action="{{verdictAction}}" class="verdict">
            <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="indicator" value="{{id}}">
            <select name="verdict"><option value="met">达到</option><option value="partial">部分达到</option><option value="unmet">未达到</option></select>
            <input name="comment" placeholder="评定意见">
            <button class="small">记录</button>
          </form>{{/canJudge}}
          {{#canDecide}}<form method="post" action="{{decideAction}}" class="verdict">
            <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="indicator" value="{{id}}">
            <select name="verdict"><option value="met">达到</option><option value="partial">部分达到</option><option value="unmet">未达到</option></select>
            <input name="comment" placeholder="决定理由">
            <button class="small">法治办决定</button>
          </form>{{/canDecide}}
        {{/assessed}}</td>
      </tr>
      {{/items}}
      </tbody>
    </table>
    {{#canAct}}
    <section class="card actions-panel">
      {{#canReturn}}
      <form method="post" action="{{returnAction}}">
        <h2>退回修改</h2>
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <label>退回理由<textarea name="reason" rows="3" required></textarea></label>
        <details><summary>逐项意见（可选）</summary>
          {{#items}}<label class="field">{{number}} {{title}}<input name="n:{{id}}"></label>{{/items}}
        </details>
        <button class="danger">退回</button>
      </form>
      {{/canReturn}}
      {{#canReview}}
      <form method="post" action="{{reviewedAction}}">
        <h2>审核完成</h2>
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <button>标记为已审核</button>
      </form>
      {{/canReview}}
    </section>
    {{/canAct}}
    {{/body}}{{/layout}}
    """#

    static let dashboard = #"""
    {{<layout}}{{$body}}
    <p class="crumbs"><a href="/">考核</a> › {{campaignName}}</p>
    <h1>{{campaignName}} · 总览</h1>
    <section class="figures">
      {{#states}}<div><span class="big">{{count}}</span><span>{{name}}</span></div>{{/states}}
    </section>
    {{#any_overdue}}<section class="card"><h2>逾期</h2><ul>{{#overdue}}<li>{{.}}</li>{{/overdue}}</ul></section>{{/any_overdue}}
    <section class="card">
      <h2>报送进度</h2>
      <table><thead><tr><th>单位</th><th>层级</th><th>状态</th><th>版本</th><th>更新</th>{{#isOffice}}<th></th>{{/isOffice}}</tr></thead><tbody>
      {{#progress}}<tr class="state-{{state}}"><td>{{unitName}}</td><td>{{level}}</td><td>{{stateName}}{{#late}} <span class="late">逾期</span>{{/late}}</td><td>{{version}}</td><td>{{updated}}</td>
        {{#isOffice}}<td>{{#hasSubmission}}<a href="{{reviewHref}}">审核页</a>{{/hasSubmission}}</td>{{/isOffice}}</tr>{{/progress}}
      </tbody></table>
    </section>
    {{#published}}
    <section class="card">
      <h2>通报（第 {{version}} 次）· 等次分布</h2>
      <div class="bars">{{#grades}}<div class="bar"><span class="label">{{grade}}</span><meter min="0" max="{{total}}" value="{{count}}"></meter><span>{{count}}</span></div>{{/grades}}</div>
      {{#levels}}
      <h3>{{level}}排名</h3>
      <table><thead><tr><th>名次</th><th>单位</th><th>等次</th><th>得分</th><th>达到</th></tr></thead><tbody>
      {{#rows}}<tr><td>{{rank}}</td><td>{{unitName}}</td><td>{{grade}}</td><td>{{score}}</td><td>{{met}}/{{counted}}</td></tr>{{/rows}}
      </tbody></table>
      {{/levels}}
      {{#any_goals}}<h3>区域目标</h3>
      <table class="goals"><thead><tr><th>目标</th><th>年份</th><th>要求</th><th>范围</th><th>达到</th><th>结论</th></tr></thead><tbody>
      {{#goals}}<tr><td title="{{text}}">{{id}}</td><td>{{year}}</td><td>{{requirement}}</td><td>{{scope}}</td><td>{{reached}}</td>
        <td class="{{#met}}ok{{/met}}{{^met}}late{{/met}}">{{state}}{{#hasClosest}}<br><span class="hint">{{closest}}</span>{{/hasClosest}}</td></tr>{{/goals}}
      </tbody></table>{{/any_goals}}
      <p><a class="button secondary" href="{{noticeHref}}">通报（Word）</a> <a class="button secondary" href="{{xlsxHref}}">导出 Excel</a> <a class="button secondary" href="{{csvHref}}">导出 CSV</a> <a class="button secondary" href="{{reportHref}}">HTML 报告</a> <a class="button secondary" href="{{rectifyHref}}">整改跟踪</a></p>
    </section>
    {{/published}}
    {{#isOffice}}
    <section class="card">
      <h2>通报</h2>
      {{#any_undecided}}<div class="errors"><p>评估人员意见不一致、法治办尚未决定的事项（决定后才能通报）：</p><ul>{{#undecided}}<li><a href="{{href}}">{{label}}</a></li>{{/undecided}}</ul></div>{{/any_undecided}}
      <form method="post" action="{{publishAction}}">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <label>说明<input name="note" placeholder="如：2023 年度通报"></label>
        <button>按当前审核结果通报</button>
      </form>
    </section>
    {{/isOffice}}
    {{/body}}{{/layout}}
    """#

    static let users = #"""
    {{<layout}}{{$body}}
    <h1>用户</h1>
    {{#created}}<section class="card once"><p>已建立用户 <strong>{{name}}</strong>。一次性密码（只显示这一次，请当面或经安全渠道交给本人）：</p><p class="password">{{password}}</p></section>{{/created}}
    <table><thead><tr><th>用户名</th><th>角色</th><th>单位</th><th>建立</th><th>状态</th></tr></thead><tbody>
    {{#users}}<tr><td>{{name}}</td><td>{{role}}</td><td>{{unit}}</td><td>{{createdAt}} {{createdBy}}</td><td>{{#disabled}}已停用{{/disabled}}{{^disabled}}正常{{/disabled}}</td></tr>{{/users}}
    </tbody></table>
    <section class="card">
      <h2>新建用户</h2>
      <form method="post" action="/users">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <label>用户名<input name="name" required maxlength="64"></label>
        <label>角色<select name="role">{{#roles}}<option value="{{value}}">{{label}}</option>{{/roles}}</select></label>
        <label>单位（填报单位必选）<select name="unit"><option value="">—</option>{{#units}}<option value="{{id}}">{{name}}（{{id}}）</option>{{/units}}</select></label>
        <button>建立并生成一次性密码</button>
      </form>
    </section>
    {{/body}}{{/layout}}
    """#

    static let audit = #"""
    {{<layout}}{{$body}}
    <h1>审计日志</h1>
    <p class="hint">最近 {{count}} 条，新的在前。</p>
    <table class="audit"><thead><tr><th>#</th><th>时间</th><th>操作人</th><th>操作</th><th>对象</th><th>原值</th><th>新值</th></tr></thead><tbody>
    {{#entries}}<tr><td>{{id}}</td><td>{{at}}</td><td>{{actor}}</td><td>{{action}}</td><td>{{entity}} {{key}}</td><td>{{old}}</td><td>{{new}}</td></tr>{{/entries}}
    </tbody></table>
    {{/body}}{{/layout}}
    """#

    static let message = #"""
    {{<layout}}{{$body}}
    <section class="card narrow">
      <h1>{{heading}}</h1>
      {{#lines}}<p>{{.}}</p>{{/lines}}
      <p><a href="{{back}}">返回</a></p>
    </section>
    {{/body}}{{/layout}}
    """#

    static let campaigns = #"""
    {{<layout}}{{$body}}
    {{#any_located}}<section class="located" role="alert">{{#located}}<pre>{{.}}</pre>{{/located}}<p class="hint">改正后请重新选择文件（浏览器不会保留已选的文件）。</p></section>{{/any_located}}
    <h1>考核设置</h1>
    <table>
      <thead><tr><th>编号</th><th>考核</th><th>年度</th><th>规则集</th><th>单位</th><th>报送截止</th><th>通报</th><th></th></tr></thead>
      <tbody>
      {{#campaigns}}<tr><td>{{id}}</td><td>{{name}}</td><td>{{year}}</td><td>{{ruleset}}</td><td>{{units}}</td><td>{{deadline}}</td><td>{{published}}</td>
        <td class="actions"><a class="button" href="{{setupHref}}">设置</a> <a class="button secondary" href="{{dashboardHref}}">总览</a> <a class="button secondary" href="{{rectifyHref}}">整改</a></td></tr>{{/campaigns}}
      {{^campaigns}}<tr><td colspan="8">还没有考核。</td></tr>{{/campaigns}}
      </tbody>
    </table>
    <section class="card" id="new">
      <h2>新建考核</h2>
      {{#v}}
      <form method="post" action="/campaigns" enctype="multipart/form-data">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <label class="field">编号（小写字母、数字和 -）<input name="id" required pattern="[a-z0-9][a-z0-9-]*" value="{{id}}" placeholder="guyuan-2024"></label>
        <label class="field">年度<input name="year" required inputmode="numeric" value="{{year}}" placeholder="2024"></label>
        <label>名称（不填则用规则集标题和年度）<input name="name" value="{{name}}" class="wide"></label>
        <label class="field">评估日期<input type="date" name="asOf" value="{{asOf}}"></label>
        <label class="field">报送截止<input type="date" name="submissionDeadline" value="{{submissionDeadline}}"></label>
        <label class="field">审核截止<input type="date" name="reviewDeadline" value="{{reviewDeadline}}"></label>
        <fieldset><legend>规则集（指标体系）</legend>
          <label><input type="radio" name="source" value="bundled" {{#bundled}}checked{{/bundled}}> 已有的规则集
            <select name="ruleset">{{#rulesets}}<option value="{{id}}" {{#selected}}selected{{/selected}}>{{title}}（{{id}}）</option>{{/rulesets}}</select></label>
          <label><input type="radio" name="source" value="upload" {{#upload}}checked{{/upload}}> 上传规则集 YAML 文件（可 extends 已有的规则集；先检查，有问题则逐处指出、不建立考核）
            <input type="file" name="rulesetFile" accept=".yaml,.yml"></label>
        </fieldset>
        <fieldset><legend>参加单位（以下各项合并）</legend>
          <label><input type="checkbox" name="all" {{#all}}checked{{/all}}> 全部单位</label>
      {{/v}}
          <label class="field">按层级加入<select name="level"><option value="">—</option>{{#levels}}<option value="{{value}}" {{#selected}}selected{{/selected}}>{{label}}</option>{{/levels}}</select></label>
          <label class="field">按上级加入（其下属单位）<select name="parent"><option value="">—</option>{{#parents}}<option value="{{id}}" {{#selected}}selected{{/selected}}>{{name}}（{{id}}）</option>{{/parents}}</select></label>
          <table class="pick"><thead><tr><th></th><th>单位</th><th>层级</th><th>上级</th></tr></thead><tbody>
          {{#units}}<tr><td><input type="checkbox" name="u:{{id}}" id="u-{{id}}" {{#checked}}checked{{/checked}}></td><td><label for="u-{{id}}">{{name}}（{{id}}）</label></td><td>{{level}}</td><td>{{parent}}</td></tr>{{/units}}
          {{^units}}<tr><td colspan="4">库中还没有单位：先用 <code>fazhi units import</code> 导入单位。</td></tr>{{/units}}
          </tbody></table>
        </fieldset>
        <button>检查规则集并建立考核</button>
      </form>
    </section>
    {{/body}}{{/layout}}
    """#

    static let setup = #"""
    {{<layout}}{{$body}}
    <p class="crumbs"><a href="/">考核</a> › <a href="/campaigns">考核设置</a> › {{campaignName}}</p>
    <h1>{{campaignName}} · 设置</h1>
    <section class="card">
      <p>编号 {{id}} · 年度 {{year}} · 评估日期 {{asOf}} · 报送截止 {{submissionDeadline}} · 审核截止 {{reviewDeadline}}</p>
      <p>规则集 <strong>{{ruleset}}</strong> <span class="hint">{{hash}}</span></p>
      <p class="hint">存储的文件：{{#documents}}{{.}}；{{/documents}}</p>
      <form method="post" action="{{deadlinesAction}}" class="inline">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <label class="field">报送截止<input type="date" name="submissionDeadline" value="{{submissionValue}}"></label>
        <label class="field">审核截止<input type="date" name="reviewDeadline" value="{{reviewValue}}"></label>
        <button class="small secondary">修改截止日期</button>
      </form>
      <p><a class="button secondary" href="{{dashboardHref}}">总览</a> <a class="button secondary" href="{{rectifyHref}}">整改</a> <a class="button secondary" href="{{templateHref}}">下载 Excel 填报模板（全部单位）</a></p>
    </section>
    <section class="card">
      <h2>参加单位与审核人员</h2>
      <table><thead><tr><th>单位</th><th>层级</th><th>审核人员</th><th></th></tr></thead><tbody>
      {{#units}}<tr><td>{{name}}（{{id}}）</td><td>{{level}}</td><td>{{#assigned}}<form method="post" action="{{unassignAction}}" class="inline">
        <input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="unit" value="{{unit}}"><input type="hidden" name="assessor" value="{{assessor}}">
        {{assessor}} <button class="small secondary" title="取消分配">移除</button></form>{{/assigned}}{{#unassigned}}<span class="hint">未分配（任何审核人员均可审核）</span>{{/unassigned}}</td>
        <td>{{#removable}}<form method="post" action="{{unitsAction}}" class="inline"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="remove" value="{{id}}"><button class="small secondary" title="尚未填报的单位可移出">移出</button></form>{{/removable}}</td></tr>{{/units}}
      </tbody></table>
      {{#any_others}}<form method="post" action="{{unitsAction}}">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <h3>加入单位</h3>
        <p>{{#others}}<label class="tick"><input type="checkbox" name="add:{{id}}"> {{name}}（{{id}}，{{level}}）</label> {{/others}}</p>
        <button class="small">加入</button>
      </form>{{/any_others}}
      <h3>分配审核人员</h3>
      <form method="post" action="{{assignAction}}">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <label class="field">单位<select name="unit">{{#units}}<option value="{{id}}">{{name}}（{{id}}）</option>{{/units}}</select></label>
        <label class="field">审核人员<select name="assessor">{{#assessors}}<option value="{{name}}">{{name}}</option>{{/assessors}}</select></label>
        <button>分配</button>
      </form>
      {{^assessors}}<p class="hint">还没有审核人员账号：在<a href="/users">用户</a>页建立角色为审核人员的账号。</p>{{/assessors}}
    </section>
    {{/body}}{{/layout}}
    """#

    static let rectify = #"""
    {{<layout}}{{$body}}
    <p class="crumbs"><a href="/">考核</a> › <a href="{{dashboardHref}}">{{campaignName}}</a></p>
    <h1>{{campaignName}} · 整改跟踪</h1>
    {{#notPublished}}<p>尚未通报；通报后可从未达到的指标下达整改任务。</p>{{/notPublished}}
    {{#canOpen}}
    <section class="card">
      <h2>下达整改任务</h2>
      <form method="post" action="{{openAction}}">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <p class="hint">按最近一次通报中未达到（含无佐证）的指标，每个单位每项一个任务；已有任务的不重复下达。</p>
        <label class="field">整改期限<input type="date" name="deadline" required></label>
        <button>下达</button>
      </form>
    </section>
    {{/canOpen}}
    {{#any_counts}}
    <section class="card">
      <h2>各单位（今天 {{today}}，逾期 {{overdueCount}} 项）</h2>
      <table><thead><tr><th>单位</th><th>任务</th><th>未完成</th><th>已答复</th><th>已销号</th><th>逾期</th></tr></thead><tbody>
      {{#counts}}<tr><td><a href="{{href}}">{{unitName}}</a></td><td>{{total}}</td><td>{{open}}</td><td>{{answered}}</td><td>{{closed}}</td><td>{{#late}}<span class="late">{{overdue}}</span>{{/late}}{{^late}}0{{/late}}</td></tr>{{/counts}}
      </tbody></table>
    </section>
    {{/any_counts}}
    {{#filtered}}<p>只显示 {{filtered}} 的任务 · <a href="{{allHref}}">显示全部</a></p>{{/filtered}}
    <table class="tasks">
      <thead><tr><th>#</th><th>单位</th><th>指标</th><th>责任单位</th><th>期限</th><th>状态</th><th>最近答复</th>{{#isOffice}}<th></th>{{/isOffice}}</tr></thead>
      <tbody>
      {{#rows}}<tr id="task-{{id}}" class="state-{{state}}"><td>{{id}}</td><td>{{unitName}}</td><td>{{indicator}}</td><td>{{owner}}</td><td>{{deadline}}</td>
        <td>{{stateName}}{{#overdue}} <span class="late">逾期</span>{{/overdue}}</td>
        <td><span class="pre">{{answer}}</span>{{#files}}<div><a href="{{href}}">{{name}}</a> <span class="hint">{{size}}</span></div>{{/files}}</td>
        {{#isOffice}}<td>{{#canClose}}<form method="post" action="{{action}}" class="taskact"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="action" value="close">
          <input name="text" placeholder="销号说明"><button class="small">销号</button></form>{{/canClose}}
          {{#canReopen}}<form method="post" action="{{action}}" class="taskact"><input type="hidden" name="_csrf" value="{{csrf}}"><input type="hidden" name="action" value="reopen">
          <input name="text" placeholder="重新打开的理由"><button class="small secondary">重新打开</button></form>{{/canReopen}}</td>{{/isOffice}}</tr>{{/rows}}
      {{^rows}}<tr><td colspan="8">还没有整改任务。</td></tr>{{/rows}}
      </tbody>
    </table>
    {{/body}}{{/layout}}
    """#

    static let units = #"""
    {{<layout}}{{$body}}
    <h1>单位</h1>
    <p class="hint">共 {{count}} 个。</p>
    <section class="card">
      <h2>导入或更新单位名单</h2>
      <form method="post" action="{{importAction}}" enctype="multipart/form-data">
        <input type="hidden" name="_csrf" value="{{csrf}}">
        <label class="field upload">名单文件（CSV、TSV、JSON Lines 或 YAML；列：编号、名称、层级、上级及属性，与 <code>fazhi units import</code> 相同）<input type="file" name="unitsFile" accept=".csv,.tsv,.jsonl,.yaml,.yml"></label>
        <button>导入</button>
      </form>
      <p class="hint">已有编号的单位按文件更新，其余新增；文件中有任何问题时整份不导入。</p>
    </section>
    <table><thead><tr><th>编号</th><th>名称</th><th>层级</th><th>上级</th></tr></thead><tbody>
    {{#units}}<tr><td>{{id}}</td><td>{{name}}</td><td>{{level}}</td><td>{{parent}}</td></tr>{{/units}}
    </tbody></table>
    {{/body}}{{/layout}}
    """#

    static let css = #"""
    :root { --ink: #1d2733; --muted: #5d6b7a; --line: #d8dee6; --bg: #f4f6f9; --brand: #9b1c1c; --ok: #1e7b3a; --warn: #a15c00; --bad: #b42318; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 15px/1.6 "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif; color: var(--ink); background: var(--bg); }
    header.top { display: flex; justify-content: space-between; align-items: center; padding: 0 24px; height: 52px; background: var(--brand); color: #fff; }
    header.top a { color: #fff; text-decoration: none; margin-right: 16px; }
    .brand { font-weight: 700; font-size: 17px; letter-spacing: 1px; }
    nav { display: flex; align-items: center; gap: 4px; }
    .who { opacity: .9; margin-right: 8px; }
    main { max-width: 1180px; margin: 0 auto; padding: 20px 24px 48px; }
    footer { text-align: center; color: var(--muted); font-size: 12px; padding: 16px; }
    h1 { font-size: 22px; margin: 8px 0 16px; }
    h2 { font-size: 18px; margin: 20px 0 10px; }
    h2.group { border-left: 4px solid var(--brand); padding-left: 8px; }
    .crumbs { color: var(--muted); margin: 0; }
    .crumbs a { color: var(--muted); }
    table { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid var(--line); }
    th, td { text-align: left; padding: 8px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
    th { background: #eef1f5; font-weight: 600; white-space: nowrap; }
    .card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 16px 20px; margin: 16px 0; }
    .narrow { max-width: 420px; margin: 40px auto; }
    label { display: block; margin: 8px 0; }
    input, select, textarea { font: inherit; padding: 6px 8px; border: 1px solid #b8c2cc; border-radius: 4px; background: #fff; }
    .narrow input { width: 100%; }
    textarea { width: 100%; }
    button, .button { display: inline-block; font: inherit; padding: 7px 16px; border-radius: 4px; border: 1px solid var(--brand); background: var(--brand); color: #fff; cursor: pointer; text-decoration: none; }
    button.secondary, .button.secondary { background: #fff; color: var(--brand); }
    button.danger { background: var(--bad); border-color: var(--bad); }
    button.small { padding: 3px 10px; }
    button.link { background: none; border: none; color: #fff; text-decoration: underline; padding: 0; }
    form.inline { display: inline; }
    .flash { background: #e8f5ec; border: 1px solid #b7dfc3; padding: 8px 12px; border-radius: 4px; }
    .errors { background: #fdecea; border: 1px solid #f5c2bd; color: var(--bad); padding: 8px 12px; border-radius: 4px; }
    .hint { color: var(--muted); font-size: 13px; }
    .status { background: #fff; border: 1px solid var(--line); border-left: 5px solid var(--muted); padding: 8px 16px; border-radius: 4px; }
    .state-submitted, .state-resubmitted { border-left-color: #2f6fb3; }
    .state-returned { border-left-color: var(--bad); }
    .state-reviewed { border-left-color: var(--ok); }
    .returned .pre, .pre { white-space: pre-wrap; }
    .item { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 12px 16px; margin: 10px 0; }
    .item.flagged { border-color: var(--bad); box-shadow: 0 0 0 2px #fbd5d0; }
    .item header { margin-bottom: 4px; }
    .num { color: var(--brand); font-weight: 700; white-space: nowrap; }
    .kind { float: right; font-size: 12px; color: var(--muted); border: 1px solid var(--line); border-radius: 10px; padding: 0 8px; }
    .asked { margin: 4px 0; }
    .req { color: var(--muted); margin: 2px 0 6px; font-size: 14px; }
    .note { color: var(--bad); font-weight: 600; }
    .field { display: inline-block; margin: 4px 16px 4px 0; }
    .field input { width: 10em; }
    .field textarea { width: 32em; max-width: 100%; display: block; }
    .upload input { width: auto; }
    .unit { color: var(--muted); }
    .files { margin: 4px 0; padding-left: 20px; }
    .submitbar { position: sticky; bottom: 0; background: #fffffff0; border-top: 1px solid var(--line); padding: 12px 0; display: flex; gap: 12px; justify-content: flex-end; }
    .figures { display: flex; gap: 16px; flex-wrap: wrap; margin: 12px 0; }
    .figures > div { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px 18px; min-width: 120px; display: flex; flex-direction: column; }
    .big { font-size: 24px; font-weight: 700; }
    .grade { color: var(--brand); }
    .gap { font-weight: 600; }
    .badge { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 13px; background: #eef1f5; }
    .badge.met { background: #e3f4e8; color: var(--ok); }
    .badge.unmet, .badge.error { background: #fdecea; color: var(--bad); }
    .badge.partial { background: #fff3e0; color: var(--warn); }
    .badge.noEvidence { background: #f1f1f1; color: var(--muted); }
    .reason { font-size: 13px; color: var(--muted); max-width: 22em; }
    .thumb { max-width: 160px; max-height: 120px; border: 1px solid var(--line); margin-top: 4px; }
    .verdict select, .verdict input { width: 100%; margin: 2px 0; }
    .late { color: var(--bad); font-weight: 600; }
    .ok { color: var(--ok); font-weight: 600; }
    .bars .bar { display: grid; grid-template-columns: 6em 1fr 3em; align-items: center; gap: 8px; margin: 4px 0; }
    .bars meter { width: 100%; height: 16px; }
    .password { font: 22px/1.4 monospace; background: #fff8e1; padding: 8px 12px; display: inline-block; border: 1px dashed var(--warn); }
    .actions { white-space: nowrap; }
    .actions-panel form { margin-bottom: 16px; }
    .audit td { font-size: 13px; }
    .audit td:nth-child(2), .audit td:nth-child(3) { white-space: nowrap; }
    .disagree { color: var(--warn); font-weight: 600; }
    code { background: #eef1f5; padding: 0 4px; border-radius: 3px; }
    .located pre { background: #fdecea; border: 1px solid #f5c2bd; padding: 8px 12px; border-radius: 4px; white-space: pre-wrap; font: 13px/1.5 "Noto Sans Mono CJK SC", monospace; }
    fieldset { border: 1px solid var(--line); border-radius: 4px; margin: 12px 0; }
    input.wide { width: 32em; max-width: 100%; }
    .task { border-top: 1px solid var(--line); padding: 8px 0; }
    .taskact { display: flex; gap: 4px; margin: 2px 0; }
    .taskact input { width: 10em; padding: 2px 6px; }
    .pick label { margin: 0; }
    .pick td { padding: 4px 10px; }
    @media print { header.top, .submitbar, footer, form { display: none; } body { background: #fff; } }
    """#
}

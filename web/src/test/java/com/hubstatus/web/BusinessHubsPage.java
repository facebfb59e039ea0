package com.hubstatus.web;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Business Hubs page as a user works it: by clicking and typing, reading what it shows. Every
 * wait is for something on the page (a row, a label, a button), never for time to pass.
 */
final class BusinessHubsPage {

    /** Long enough for a stack on a busy 2-core machine; the page refreshes within 2 s while something is under way. */
    private static final Duration PATIENCE = Duration.ofSeconds(45);

    private final WebDriver driver;
    private final URI url;

    BusinessHubsPage(WebDriver driver, URI url) {
        this.driver = driver;
        this.url = url;
    }

    // ---- signing in --------------------------------------------------------------------------------

    /** Opens the page, presses "Sign in" and picks the demo user on the stack's sign-in page. */
    BusinessHubsPage signInAs(String user) {
        driver.get(url.toString());
        await(ExpectedConditions.elementToBeClickable(By.id("sign-in"))).click();
        pickDemoUser(user);
        return this;
    }

    /** On the stack's sign-in page: clicks the user, then waits to be back on the page, signed in. */
    BusinessHubsPage pickDemoUser(String user) {
        await(ExpectedConditions.elementToBeClickable(By.linkText(user))).click();
        await(ExpectedConditions.textToBe(By.id("signed-in-as"), "Signed in as " + user));
        awaitReady();
        return this;
    }

    /** Presses "Sign out" and waits for the page's sign-in view. */
    BusinessHubsPage signOut() {
        driver.findElement(By.id("sign-out")).click();
        await(ExpectedConditions.elementToBeClickable(By.id("sign-in")));
        return this;
    }

    boolean isOnSignInService() {
        return driver.getCurrentUrl().contains("/_local/authorize");
    }

    void awaitSignInService() {
        await(d -> isOnSignInService() && !d.findElements(By.linkText("alice")).isEmpty());
    }

    // ---- the table ---------------------------------------------------------------------------------

    BusinessHubsPage openHubs() {
        driver.get(url + "#/hubs");
        awaitReady();
        return this;
    }

    /** Waits until the view has drawn what it read (the main region is no longer busy). */
    void awaitReady() {
        await(d -> {
            WebElement main = d.findElement(By.id("main"));
            return main.getAttribute("aria-busy") == null && d.findElements(By.cssSelector("[aria-busy=true]")).isEmpty();
        });
    }

    /** The row of a hub, found by its name. */
    WebElement row(String name) {
        return await(d -> d.findElements(By.cssSelector("table.hub-table tbody tr")).stream()
                .filter(row -> row.findElement(By.cssSelector("th")).getText().equals(name))
                .findFirst().orElse(null));
    }

    /** Waits until the hub's row shows the status label, refreshed by the page itself. */
    void awaitRowStatus(String name, String label) {
        await(d -> label.equals(statusLabelOf(row(name))));
    }

    static String statusLabelOf(WebElement container) {
        return container.findElement(By.cssSelector(".badge-label")).getText();
    }

    /** A cell of a hub's row, by its column's name (the cells' data-label). */
    String cell(String name, String column) {
        return await(d -> row(name).findElement(By.cssSelector("[data-label='" + column + "']")).getText());
    }

    List<String> rowNames() {
        return await(d -> d.findElements(By.cssSelector("table.hub-table tbody tr th")).stream().map(WebElement::getText).toList());
    }

    /** The count a status tab shows ("ALL" for every status). */
    int tabCount(String status) {
        return Integer.parseInt(text(".tab[data-status='" + status + "'] .count"));
    }

    void clickTab(String status) {
        driver.findElement(By.cssSelector(".tab[data-status='" + status + "']")).click();
        await(d -> "page".equals(d.findElement(By.cssSelector(".tab[data-status='" + status + "']")).getAttribute("aria-current")));
        awaitReady();
    }

    String pageRange() {
        return text(".page-range");
    }

    /** Clicks the enabled button of that text, once it is there (again, if the page redrew it meanwhile). */
    void clickButton(String text) {
        By button = By.xpath("//button[normalize-space()='" + text + "']");
        await(d -> {
            WebElement element = ExpectedConditions.elementToBeClickable(button).apply(d);
            if (element == null) {
                return false;
            }
            element.click();
            return true;
        });
    }

    void clickLink(String text) {
        await(ExpectedConditions.elementToBeClickable(By.linkText(text))).click();
        awaitReady();
    }

    void nextPage(String expectedRange) {
        clickButton("Next page");
        await(ExpectedConditions.textToBe(By.cssSelector(".page-range"), expectedRange));
    }

    void previousPage(String expectedRange) {
        clickButton("Previous page");
        await(ExpectedConditions.textToBe(By.cssSelector(".page-range"), expectedRange));
    }

    void filterByApp(String label) {
        new Select(driver.findElement(By.id("app-filter"))).selectByVisibleText(label);
        awaitReady();
    }

    void searchByName(String text) {
        WebElement search = driver.findElement(By.id("name-search"));
        search.clear();
        search.sendKeys(text);
        search.submit();
        awaitReady();
    }

    String summary() {
        return driver.findElement(By.cssSelector(".summary")).getText();
    }

    // ---- connecting --------------------------------------------------------------------------------

    void connect(String app, String name, String businessId, String serviceAccount, String managers) {
        await(ExpectedConditions.elementToBeClickable(By.linkText("Connect a hub"))).click();
        await(ExpectedConditions.visibilityOfElementLocated(By.id("connect-name")));
        new Select(driver.findElement(By.id("connect-app"))).selectByVisibleText(app);
        driver.findElement(By.id("connect-name")).sendKeys(name);
        driver.findElement(By.id("connect-business-id")).sendKeys(businessId);
        driver.findElement(By.id("connect-service-account")).sendKeys(serviceAccount);
        driver.findElement(By.id("connect-managers")).sendKeys(managers);
        driver.findElement(By.id("connect-submit")).click();
        await(ExpectedConditions.visibilityOfElementLocated(By.id("hubs-heading")));
        awaitReady();
        row(name);
    }

    // ---- one hub -----------------------------------------------------------------------------------

    void openHub(String name) {
        await(d -> {
            row(name).findElement(By.cssSelector("th a")).click();
            return true;
        });
        await(ExpectedConditions.textToBe(By.id("hub-heading"), name));
        awaitReady();
    }

    /** The id of the hub on view, from the page's address ({@code #/hubs/{hubId}}). */
    String hubIdShown() {
        String address = driver.getCurrentUrl();
        return address.substring(address.indexOf("#/hubs/") + "#/hubs/".length());
    }

    String hubStatusLabel() {
        return await(d -> statusLabelOf(d.findElement(By.cssSelector(".status-panel"))));
    }

    void awaitHubStatus(String label) {
        await(d -> label.equals(statusLabelOf(d.findElement(By.cssSelector(".status-panel")))));
    }

    /** The open reasons' codes, in the order shown. */
    List<String> reasonCodes() {
        return await(d -> d.findElements(By.cssSelector("table.reasons tbody tr")).stream()
                .map(row -> row.getAttribute("data-reason")).toList());
    }

    /** The text of the first element {@code css} finds, once it is shown. */
    String text(String css) {
        return await(d -> {
            WebElement element = d.findElement(By.cssSelector(css));
            return element.isDisplayed() ? element.getText() : null;
        });
    }

    Optional<WebElement> find(String css) {
        return driver.findElements(By.cssSelector(css)).stream().findFirst();
    }

    List<WebElement> buttonsIn(String css) {
        return driver.findElement(By.cssSelector(css)).findElements(By.cssSelector("button, input, select, textarea, summary"));
    }

    void awaitText(String css, String contained) {
        await(d -> d.findElements(By.cssSelector(css)).stream().anyMatch(e -> e.getText().contains(contained)));
    }

    void changeBusinessId(String businessId) {
        await(d -> {
            WebElement field = d.findElement(By.id("edit-business-id"));
            field.clear();
            field.sendKeys(businessId);
            return true;
        });
        clickButton("Save changes");
    }

    // ---- the browser -------------------------------------------------------------------------------

    Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    /** Changes the session the page keeps: {@code change} is JavaScript that edits it as {@code s}. */
    void editSession(String change) {
        script("const s = JSON.parse(sessionStorage.getItem('hubstatus.session')); " + change
                + " sessionStorage.setItem('hubstatus.session', JSON.stringify(s));");
    }

    /** Waits for a condition; an element the page redrew meanwhile (it refreshes itself) is looked up again. */
    <T> T await(Function<? super WebDriver, T> condition) {
        return new WebDriverWait(driver, PATIENCE)
                .ignoring(StaleElementReferenceException.class)
                .ignoring(NoSuchElementException.class)
                .until(condition);
    }

    WebDriver driver() {
        return driver;
    }
}
